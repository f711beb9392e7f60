"""The demo's support work as plain values: needs with their status history, measures,
consents, referrals between agencies with their steps and notifications, and 三无 facts,
computed for each county from the seed, the day of the load and the county's casework
(``tongxin.demo.programs``) without touching the database.

``plan_support(plan, casework, people, directory)`` returns the county's support. Every row
is what the actions of ``tongxin.support.actions`` would have left, and nothing happens on or
after the day of the load:

- a need starts identified (its first change); it is planned, referred when a referral is
  sent, in progress at the start of a service or the first measure, met with an outcome,
  declined with a note, or not needed; it goes back to planned when its referral is
  returned, ended or revoked, and the 司法所 then mostly helps directly;
- a referral relies on a consent of the person that holds on the day it is sent and names
  the receiving agency and the pathway (one consent covers what a release needs; a later
  need gets a new one), or, sent by a supervisor, on the override with its reason for 30
  days. It discloses the fields the referral form suggests for its pathway
  (``disclosure.SUGGESTED``): the diagnosis only from a 卫生院 for a disability certificate
  or medical aid, the offence only to the 司法局 for legal aid. The receiver answers within
  ``referral_respond_days`` mostly, and each step has its event and its notification to the
  other side, read a little later unless it is recent.

Who gets help, per county of 1,500 people (larger scales scale with the county's people):
nearly every released person (安置帮教) has a resettlement need — land for villagers, a job
with an employer, self-employment, 低保 or 特困供养 for those who cannot work, a place to
live for the 三无, whose facts are recorded — and some have others: training, ID documents
(户口), temporary relief, medical aid, a disability certificate, legal aid, family contact,
school for minors, some of them arising later in the aid period. Patients of the township
health centres are referred to 残联 for a disability certificate and to 民政 for medical aid;
minors in youth support are helped back to school by 民政. A few referrals are planted in
every county so the 司法所, 民政, 人社 and 残联 logins open on live work: answers overdue,
services under way, consent withdrawn, an emergency referral without consent, 三无 people
not yet referred for welfare.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tongxin.demo.generate import DemoPlan, _pick, _rng, _Weighted, agency_key
from tongxin.demo.programs import (
    REFERENCE_PEOPLE,
    CasePlan,
    CountyCasework,
    PersonFacts,
    StaffDirectory,
    _age_on,
)
from tongxin.organisation.models import AgencyKind
from tongxin.programs.rules import program_rules
from tongxin.support.disclosure import FIELDS, SUGGESTED
from tongxin.support.models import (
    OPEN_NEED_STATUSES,
    PROVIDERS,
    WELFARE_PATHWAYS,
    ConsentForm,
    NeedStatus,
    Pathway,
    ReferralStatus,
)

ONE_DAY = dt.timedelta(days=1)
CLOSED_NEED = frozenset({NeedStatus.MET, NeedStatus.DECLINED, NeedStatus.NOT_NEEDED})

# The first resettlement pathway of a released person, by where and how they live.
VILLAGER_PATHWAYS = _Weighted(
    [
        (Pathway.LAND, 0.46),
        (Pathway.EMPLOYER_PLACEMENT, 0.28),
        (Pathway.SELF_EMPLOYMENT, 0.16),
        (Pathway.MINIMUM_ALLOWANCE, 0.1),
    ]
)
TOWNSFOLK_PATHWAYS = _Weighted(
    [
        (Pathway.EMPLOYER_PLACEMENT, 0.52),
        (Pathway.SELF_EMPLOYMENT, 0.3),
        (Pathway.MINIMUM_ALLOWANCE, 0.18),
    ]
)
ELDERLY_AGE = 60
# What another agency provides (tongxin.support.models.PROVIDERS), and what the 司法所
# arranges itself (village, employer, market, school, family).
REFERRED_PATHWAYS = frozenset(PROVIDERS)
DIRECT_PATHWAYS = frozenset(
    {
        Pathway.LAND,
        Pathway.EMPLOYER_PLACEMENT,
        Pathway.SELF_EMPLOYMENT,
        Pathway.TRAINING,
        Pathway.EDUCATION,
        Pathway.FAMILY_CONTACT,
    }
)
WORK_PATHWAYS = frozenset({Pathway.EMPLOYER_PLACEMENT, Pathway.SELF_EMPLOYMENT})
# Share of resettlement needs of these pathways that go to 人社 (the rest the 司法所 arranges
# with an employer, a market or the village itself).
REFERRED_SHARE: dict[str, float] = {
    Pathway.EMPLOYER_PLACEMENT: 0.4,
    Pathway.SELF_EMPLOYMENT: 0.5,
}
# Other needs found on release: pathway, share of the released, youngest and oldest age.
RELEASE_NEEDS: tuple[tuple[str, float, int, int], ...] = (
    (Pathway.TRAINING, 0.12, 16, 50),
    (Pathway.TEMPORARY_RELIEF, 0.06, 16, 120),
    (Pathway.MEDICAL_AID, 0.03, 16, 120),
    (Pathway.DISABILITY_CERTIFICATE, 0.015, 16, 120),
    (Pathway.LEGAL_AID, 0.02, 16, 120),
)
ID_DOCUMENTS_SHARE = 0.12  # released from prison: 户口 to restore (监狱法 art 36)
FAMILY_CONTACT_SHARE = 0.08  # of those with no family contact on file
# Needs that arise later in the aid period: pathway and yearly rate per released person.
LATER_NEEDS: tuple[tuple[str, float], ...] = (
    (Pathway.TEMPORARY_RELIEF, 0.03),
    (Pathway.MEDICAL_AID, 0.015),
    (Pathway.TRAINING, 0.02),
    (Pathway.JOB_INFORMATION, 0.02),
    (Pathway.LEGAL_AID, 0.008),
)
THREE_NOS_SHARE = 0.15  # of released people under 60 with no family contact on file
EXTREME_POVERTY_SHARE = 0.35  # of released people over 60
FACTS_SHARE = 0.3  # of people looking for work: their livelihood facts are recorded too
# The township health centres refer patients: a disability certificate (残联) and medical
# aid (民政) over the last two years, per county.
PATIENT_DISABILITY_REFERRALS = 24
PATIENT_MEDICAL_AID_REFERRALS = 8
GUARDIAN_CONSENT_SHARE = 0.6

# How a need and its referral go.
PLANNED_FIRST_SHARE = 0.25
DECLINE_SHARE = 0.015
FIRST_DECLINE_SHARE = 0.005
NOT_NEEDED_SHARE = 0.02
REJECT_SHARE = 0.07
REVOKE_SHARE = 0.025
END_SHARE = 0.04
SLOW_ANSWER_SHARE = 0.06
ACCEPT_FIRST_SHARE = 0.7
# Referrals the 司法所 also records its own help for (preparing the application with the person).
ACCOMPANIED_SHARE = 0.5
# Notifications read days later (an officer away), the others within two days.
LATE_READ_SHARE = 0.2
# Referrals waiting for an answer whose notification nobody has opened (all overdue ones).
UNOPENED_SHARE = 0.5
IN_SERVICE_SHARE = 0.85
# After a referral comes back: the 司法所 helps directly, the person declines, or it waits.
AFTER_RETURN = _Weighted([("provide", 0.7), ("decline", 0.15), ("wait", 0.15)])
# Days from the start of a service to its end, per pathway.
SERVICE_DAYS: dict[str, tuple[int, int]] = {
    Pathway.ACCOMMODATION: (3, 15),
    Pathway.LAND: (5, 30),
    Pathway.EMPLOYER_PLACEMENT: (10, 45),
    Pathway.SELF_EMPLOYMENT: (20, 80),
    Pathway.TRAINING: (20, 75),
    Pathway.JOB_INFORMATION: (3, 20),
    Pathway.MINIMUM_ALLOWANCE: (20, 60),
    Pathway.EXTREME_POVERTY: (20, 60),
    Pathway.TEMPORARY_RELIEF: (3, 15),
    Pathway.MEDICAL_AID: (10, 40),
    Pathway.DISABILITY_CERTIFICATE: (15, 60),
    Pathway.ID_DOCUMENTS: (5, 30),
    Pathway.EDUCATION: (10, 40),
    Pathway.LEGAL_AID: (10, 60),
    Pathway.FAMILY_CONTACT: (3, 20),
}
# Measures that last (a course, a placement) get an end date when the need is met.
LASTING_MEASURES = frozenset(
    {Pathway.TRAINING, Pathway.SELF_EMPLOYMENT, Pathway.EDUCATION, Pathway.ACCOMMODATION}
)

# -- Texts (encrypted at rest, like every free text about a person) ---------------------------

NEED_NOTES: dict[str, tuple[str, ...]] = {
    Pathway.LAND: ("回乡后原承包地已由亲属耕种,需协调收回。", "有务农经验,愿意回村种地。"),
    Pathway.EMPLOYER_PLACEMENT: (
        "有驾驶和搬运经验,希望在县城就近务工。",
        "家中有老人需照顾,希望就近就业。",
    ),
    Pathway.SELF_EMPLOYMENT: ("有烹饪手艺,想在镇上经营小吃摊。", "想开办养殖场,缺少启动资金。"),
    Pathway.MINIMUM_ALLOWANCE: (
        "释放后无固定收入,家庭生活困难。",
        "身患慢性病,劳动能力下降,家庭收入低。",
    ),
    Pathway.EXTREME_POVERTY: ("年老体弱,独自居住,无人赡养。",),
    Pathway.ACCOMMODATION: ("原住房已倒塌,暂住村委会闲置房。", "无住所,暂住在朋友家中。"),
    Pathway.TRAINING: ("希望学习一门技术,便于找工作。",),
    Pathway.TEMPORARY_RELIEF: ("突发疾病住院,医疗费用负担重。", "家中遭受火灾,生活暂时困难。"),
    Pathway.MEDICAL_AID: ("需长期服药,医疗支出大。",),
    Pathway.ID_DOCUMENTS: ("户口已注销,身份证过期,无法办理社保。",),
    Pathway.FAMILY_CONTACT: ("与家人多年未联系,希望恢复联系。",),
}
PURPOSES: dict[str, tuple[str, ...]] = {
    Pathway.MINIMUM_ALLOWANCE: (
        "刑满释放后无稳定收入,家庭人均收入可能低于当地标准,请核查并办理最低生活保障。",
        "回归后生活困难,请核查家庭经济状况,符合条件的纳入低保。",
    ),
    Pathway.EXTREME_POVERTY: ("年老体弱,无劳动能力、无生活来源、无赡养人,申请特困人员供养。",),
    Pathway.ACCOMMODATION: ("无家可归、无亲可投,请安排过渡性安置。",),
    Pathway.TEMPORARY_RELIEF: ("遭遇突发困难,生活无着,申请临时救助。",),
    Pathway.MEDICAL_AID: ("需长期治疗,家庭经济困难,申请医疗救助。",),
    Pathway.TRAINING: ("本人有就业意愿,请安排免费职业技能培训。",),
    Pathway.JOB_INFORMATION: ("请提供适合本人的岗位信息和招聘会信息。",),
    Pathway.EMPLOYER_PLACEMENT: ("本人有劳动能力和求职愿望,请推荐就业岗位。",),
    Pathway.SELF_EMPLOYMENT: ("本人计划自主经营,申请创业指导和创业担保贷款。",),
    Pathway.DISABILITY_CERTIFICATE: ("申请残疾等级评定,办理残疾人证。",),
    Pathway.ID_DOCUMENTS: ("释放后需恢复户口登记并补办居民身份证。",),
    Pathway.LEGAL_AID: ("涉及劳动报酬纠纷,经济困难,申请法律援助。",),
}
PATIENT_PURPOSES: dict[str, str] = {
    Pathway.DISABILITY_CERTIFICATE: "病程已满两年,经治疗仍有功能障碍,请安排精神残疾评定并办理残疾人证。",
    Pathway.MEDICAL_AID: "长期服药治疗,家庭经济困难,申请门诊慢性病医疗救助。",
}
ACCOMPANYING: dict[str, str] = {
    Pathway.MINIMUM_ALLOWANCE: "协助填写低保申请表,陪同到乡镇民政办提交。",
    Pathway.EXTREME_POVERTY: "协助准备特困供养申请材料,陪同到乡镇提交。",
    Pathway.TEMPORARY_RELIEF: "协助准备临时救助申请材料,当日送交乡镇民政办。",
    Pathway.ID_DOCUMENTS: "协助准备释放证明等材料,陪同到派出所户籍窗口。",
    Pathway.SELF_EMPLOYMENT: "协助准备创业计划书和贷款申请材料。",
    Pathway.DISABILITY_CERTIFICATE: "协助准备残疾评定申请材料。",
}
GENERIC_ACCOMPANYING = "司法所协助准备申请材料并陪同办理。"
TRAINING_COURSES = ("电工", "焊工", "中式烹调", "家政服务", "电子商务", "汽车维修", "育婴员")
EMPLOYERS = (
    "县经济开发区食品厂",
    "县建材有限公司",
    "县物流园区",
    "县城服装加工厂",
    "镇农业合作社",
    "县环卫所",
)
BUSINESSES = ("小吃摊", "修车铺", "生猪养殖", "网店", "水果摊", "理发店")
DECLINE_NOTES = (
    "本人表示暂不需要,已告知可随时申请。",
    "本人已随亲属外出务工,不再需要。",
)
NOT_NEEDED_NOTES = ("经核实,家属已作安排,无需帮扶。", "经核实,本人已自行解决。")
NOT_ELIGIBLE_NOTE = "接收机构核查后不符合条件,已告知本人其他帮扶途径。"
REJECT_REASONS: dict[str, str] = {
    Pathway.MINIMUM_ALLOWANCE: "经入户调查,家庭人均收入高于当地低保标准,不符合条件。",
    Pathway.EXTREME_POVERTY: "经核查有法定赡养人且有赡养能力,不符合特困供养条件。",
    Pathway.TEMPORARY_RELIEF: "本次困难已在户籍地乡镇获得临时救助,不重复救助。",
    Pathway.TRAINING: "本期培训已开班,已登记参加下一期。",
    Pathway.DISABILITY_CERTIFICATE: "初步筛查不符合残疾评定条件,请先到指定医院复诊。",
    Pathway.ID_DOCUMENTS: "户籍不在本所辖区,请转户籍地派出所办理。",
}
GENERIC_REJECT_REASON = "材料不全,请补充释放证明和身份证明后重新转介。"
END_REASONS = ("本人外出务工,中止服务。", "本人不再参加,中止服务。", "本人迁往外地居住,中止服务。")
REVOKE_REASONS = ("本人已自行找到工作,撤回转介。", "接收机构选择有误,撤回后重新转介。")
WITHDRAWN_REASON = "本人撤回同意,撤回转介。"
WITHDRAWN_NOTE = "本人撤回信息共享同意,不再需要此项帮扶。"
OVERRIDE_REASONS = (
    "本人突发脑出血住院,意识不清,无法表示同意,家中无其他亲属,需紧急临时救助。",
    "本人重病昏迷送医,无法签署同意书,无亲属照料,需紧急救助。",
)


@dataclass(slots=True)
class NeedChangePlan:
    from_status: str
    to_status: str
    on_date: dt.date
    by: str  # username
    note: str | None


@dataclass(slots=True)
class SupportMeasurePlan:
    uuid: uuid.UUID
    description: str
    provider_agency_key: str
    started_on: dt.date
    ended_on: dt.date | None
    by: str


@dataclass(slots=True)
class ReferralEventPlan:
    status: str
    on_date: dt.date
    by: str
    agency_key: str


@dataclass(slots=True)
class NotificationPlan:
    agency_key: str
    status: str
    created_at: dt.datetime  # local time, naive; the writer makes it aware
    read_at: dt.datetime | None
    read_by: str | None


@dataclass(slots=True)
class ReferralPlan:
    uuid: uuid.UUID
    from_agency_key: str
    to_agency_key: str
    purpose: str
    fields: list[str]
    consent: int | None  # index into the county's consents
    override_reason: str | None
    override_until: dt.date | None
    sent_on: dt.date
    respond_by: dt.date
    sent_by: str
    status: str = ReferralStatus.SENT
    accepted_on: dt.date | None = None
    service_started_on: dt.date | None = None
    closed_on: dt.date | None = None
    closing_reason: str | None = None
    outcome: str | None = None
    handled_by: str | None = None
    events: list[ReferralEventPlan] = field(default_factory=list)
    notifications: list[NotificationPlan] = field(default_factory=list)


@dataclass(slots=True)
class NeedPlan:
    uuid: uuid.UUID
    person: int  # index into the county's people
    pathway: str
    case: int | None  # index into the county's cases
    agency_key: str
    worker: str
    identified_on: dt.date
    target_on: dt.date | None
    note: str | None
    status: str = NeedStatus.IDENTIFIED
    closed_on: dt.date | None = None
    outcome: str | None = None
    changes: list[NeedChangePlan] = field(default_factory=list)
    measures: list[SupportMeasurePlan] = field(default_factory=list)
    referrals: list[ReferralPlan] = field(default_factory=list)


@dataclass(slots=True)
class ConsentPlan:
    uuid: uuid.UUID
    person: int
    purposes: list[str]
    agency_keys: list[str]
    form: str
    guardian_name: str | None
    given_on: dt.date
    expires_on: dt.date
    recorded_by_agency_key: str
    recorded_by: str
    withdrawn_on: dt.date | None = None
    withdrawn_by: str | None = None

    def covers(self, pathway: str, receiver: str, day: dt.date) -> bool:
        return (
            self.given_on <= day <= self.expires_on
            and (self.withdrawn_on is None or self.withdrawn_on > day)
            and pathway in self.purposes
            and receiver in self.agency_keys
        )


@dataclass(slots=True)
class FactsPlan:
    person: int
    no_home: bool | None
    no_relatives: bool | None
    no_work: bool | None
    cannot_work: bool | None
    no_income: bool | None
    no_supporter: bool | None
    recorded_on: dt.date
    agency_key: str
    by: str


@dataclass
class CountySupport:
    county_index: int
    today: dt.date
    needs: list[NeedPlan]
    consents: list[ConsentPlan]
    facts: list[FactsPlan]

    def referrals(self) -> list[ReferralPlan]:
        return [referral for need in self.needs for referral in need.referrals]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass
class _Sender:
    """The agency acting for the person, and the officer who acts."""

    agency_key: str
    username: str


class _CountySupport:
    """Builds one county's support; every draw comes from the county's own random stream,
    apart from the casework's, so the casework does not change with it."""

    def __init__(
        self,
        plan: DemoPlan,
        casework: CountyCasework,
        people: Sequence[PersonFacts],
        directory: StaffDirectory,
    ) -> None:
        self.county = plan.counties[casework.county_index]
        self.county_code = self.county.region.code
        self.cases = casework.cases
        self.people = people
        self.directory = directory
        self.today = casework.today
        self.rng = _rng(plan.seed, f"support:{casework.county_index}")
        self.factor = self.county.people / REFERENCE_PEOPLE
        self.seat = next(
            t.region.code for t in self.county.townships if t.region.code.endswith("100")
        )
        self.village_names = {region.code: region.name for region in plan.regions}
        rules = program_rules("support")
        self.respond_days = int(rules["referral_respond_days"])
        self.consent_days = int(rules["consent_valid_days"])
        self.override_days = int(rules["override_valid_days"])
        self.needs: list[NeedPlan] = []
        self.consents: list[ConsentPlan] = []
        self.facts: list[FactsPlan] = []
        self.consents_of: dict[int, list[int]] = {}
        self.latest_need: dict[tuple[int, str], NeedPlan] = {}
        self.latest_facts: dict[int, FactsPlan] = {}
        self.planted: set[int] = set()  # people given a planted need
        self.seat_worker = self.staff(agency_key(AgencyKind.JUSTICE_OFFICE, self.seat))
        self.released = [
            index
            for index, case in enumerate(self.cases)
            if case.program == "reentry" and case.status == "active"
        ]
        self.latest_released = sorted(
            self.released,
            key=lambda index: self.cases[index].details["released_on"],
            reverse=True,
        )

    # -- helpers ----------------------------------------------------------------------------
    def count(self, per_county: float) -> int:
        return round(per_county * self.factor)

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=low + int(self.rng.random() * (high - low + 1)))

    def happens(self, day: dt.date) -> bool:
        """Steps happen up to yesterday: the demo is the state the day of the load begins."""
        return day < self.today

    def staff(self, key: str) -> str | None:
        """The officer who answers for an agency: its first worker (the demo login in the
        first county), else its supervisor."""
        workers = self.directory.workers.get(key)
        if workers:
            return workers[0].username
        supervisor = self.directory.supervisors.get(key)
        return supervisor.username if supervisor else None

    def county_agency(self, kind: str) -> str:
        return agency_key(kind, self.county_code)

    def receiver_for(self, pathway: str, person: int) -> str:
        if pathway == Pathway.ID_DOCUMENTS:
            return agency_key(AgencyKind.POLICE_STATION, self.people[person].township_code)
        if pathway == Pathway.LEGAL_AID:
            return self.county_agency(AgencyKind.JUSTICE_BUREAU)
        if pathway == Pathway.DISABILITY_CERTIFICATE:
            return self.county_agency(AgencyKind.DISABLED_FEDERATION)
        if pathway in (
            Pathway.TRAINING,
            Pathway.JOB_INFORMATION,
            Pathway.EMPLOYER_PLACEMENT,
            Pathway.SELF_EMPLOYMENT,
        ):
            return self.county_agency(AgencyKind.HUMAN_RESOURCES)
        return self.county_agency(AgencyKind.CIVIL_AFFAIRS)

    def moment(self, day: dt.date) -> dt.datetime:
        """A time in office hours on ``day``."""
        minutes = 8 * 60 + 30 + int(self.rng.random() * 8 * 60)
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)

    def village(self, person: int) -> str:
        return self.village_names[self.people[person].village_code]

    def lives_in_a_village(self, person: int) -> bool:
        # 村委会 are numbered 200–399, 居委会 001–199 (tongxin.demo.generate).
        return self.people[person].village_code[-3:] >= "200"

    # -- needs ------------------------------------------------------------------------------
    def new_need(
        self,
        person: int,
        pathway: str,
        identified_on: dt.date,
        sender: _Sender,
        *,
        case: int | None,
    ) -> NeedPlan | None:
        """A need recorded on ``identified_on``; None if that is not before today or the
        person still has an open need of this pathway then (one open need per pathway)."""
        if not self.happens(identified_on):
            return None
        earlier = self.latest_need.get((person, pathway))
        if earlier is not None and (
            earlier.closed_on is None or earlier.closed_on >= identified_on
        ):
            return None
        rng = self.rng
        notes = NEED_NOTES.get(pathway)
        note = _pick(rng, notes) if notes and rng.random() < 0.5 else None
        target = None
        if rng.random() < 0.5:
            low, high = SERVICE_DAYS[pathway]
            target = identified_on + self.days(low + 20, high + 40)
        need = NeedPlan(
            _uuid(rng),
            person,
            pathway,
            case,
            sender.agency_key,
            sender.username,
            identified_on,
            target,
            note,
        )
        need.changes.append(
            NeedChangePlan("", NeedStatus.IDENTIFIED, identified_on, sender.username, None)
        )
        self.needs.append(need)
        self.latest_need[(person, pathway)] = need
        return need

    def move(
        self, need: NeedPlan, to_status: str, day: dt.date, by: str, note: str | None = None
    ) -> None:
        need.changes.append(NeedChangePlan(need.status, to_status, day, by, note))
        need.status = to_status
        need.closed_on = day if to_status in CLOSED_NEED else None

    def provide(
        self,
        need: NeedPlan,
        after: dt.date,
        *,
        decline: float = DECLINE_SHARE,
        not_needed: float = NOT_NEEDED_SHARE,
    ) -> None:
        """Help the need's own agency gives: perhaps planned first, then a measure (in
        progress) and the need met with its outcome; a few decline or turn out not to need
        it."""
        rng, by = self.rng, need.worker
        if need.status == NeedStatus.IDENTIFIED and rng.random() < PLANNED_FIRST_SHARE:
            planned_on = after + self.days(0, 5)
            if not self.happens(planned_on):
                return
            self.move(need, NeedStatus.PLANNED, planned_on, by)
            after = planned_on
        roll = rng.random()
        if roll < decline + not_needed:
            on = after + self.days(3, 30)
            if self.happens(on):
                if roll < decline:
                    self.move(need, NeedStatus.DECLINED, on, by, _pick(rng, DECLINE_NOTES))
                else:
                    self.move(need, NeedStatus.NOT_NEEDED, on, by, _pick(rng, NOT_NEEDED_NOTES))
            return
        started = after + self.days(2, 25)
        if not self.happens(started):
            return
        measure = SupportMeasurePlan(
            _uuid(rng),
            self.measure_text(need),
            need.agency_key,
            started,
            None,
            by,
        )
        need.measures.append(measure)
        self.move(need, NeedStatus.IN_PROGRESS, started, by)
        done = started + self.days(*SERVICE_DAYS[need.pathway])
        if not self.happens(done):
            return
        if need.pathway in LASTING_MEASURES:
            measure.ended_on = done
        self.move(need, NeedStatus.MET, done, by)
        need.outcome = self.outcome_text(need.pathway, direct=True)

    def after_return(self, need: NeedPlan, returned_on: dt.date) -> None:
        """The referral came back (returned, ended, revoked) and the need is planned again:
        what the 司法所 can arrange itself it mostly does; welfare, certificates and the like
        it closes when the provider found the person not eligible, or leaves planned."""
        rng = self.rng
        if need.pathway in DIRECT_PATHWAYS:
            choice = AFTER_RETURN.draw(rng)
        else:
            choice = _pick(rng, ("not_needed", "not_needed", "decline", "wait"))
        if choice == "provide":
            self.provide(need, returned_on, decline=0.0, not_needed=0.0)
            return
        on = returned_on + self.days(3, 30)
        if choice == "wait" or not self.happens(on):
            return
        if choice == "decline":
            self.move(need, NeedStatus.DECLINED, on, need.worker, _pick(rng, DECLINE_NOTES))
        else:
            self.move(need, NeedStatus.NOT_NEEDED, on, need.worker, NOT_ELIGIBLE_NOTE)

    # -- consents and referrals -------------------------------------------------------------
    def consent_for(
        self,
        need: NeedPlan,
        receiver: str,
        day: dt.date,
        covering: Sequence[tuple[str, str]],
        *,
        guardian: str | None = None,
        new: bool = False,
    ) -> int:
        """The person's consent that holds on ``day`` for this pathway and receiver (unless
        ``new``), or a new one recorded that day or a little before, covering ``covering``
        too (what the release or the episode needs)."""
        for index in reversed([] if new else self.consents_of.get(need.person, [])):
            if self.consents[index].covers(need.pathway, receiver, day):
                return index
        rng = self.rng
        wanted = {(need.pathway, receiver), *covering}
        form, guardian_name = ConsentForm.WRITTEN, None
        if guardian and rng.random() < GUARDIAN_CONSENT_SHARE:
            form, guardian_name = ConsentForm.GUARDIAN_WRITTEN, guardian
        elif rng.random() < 0.12:
            form = ConsentForm.ORAL_RECORDED
        given_on = max(need.identified_on, day - self.days(0, 3))
        consent = ConsentPlan(
            _uuid(rng),
            need.person,
            sorted({pathway for pathway, _ in wanted}),
            sorted({key for _, key in wanted}),
            form,
            guardian_name,
            given_on,
            given_on + dt.timedelta(days=self.consent_days),
            need.agency_key,
            need.worker,
        )
        self.consents.append(consent)
        self.consents_of.setdefault(need.person, []).append(len(self.consents) - 1)
        return len(self.consents) - 1

    def notify(
        self, referral: ReferralPlan, agency: str, status: str, day: dt.date, reader: str | None
    ) -> None:
        """A notification of ``day``, read by ``reader`` within hours or days; one read on
        or after today (recent ones) is still unread."""
        created = self.moment(day)
        late = self.rng.random() < LATE_READ_SHARE
        minutes = (3 * 24 * 60 + int(self.rng.random() * 12 * 24 * 60)) if late else 0
        read_at = created + dt.timedelta(
            minutes=10 + minutes + int(self.rng.random() * 2 * 24 * 60)
        )
        if read_at.date() >= self.today:
            referral.notifications.append(NotificationPlan(agency, status, created, None, None))
        else:
            referral.notifications.append(
                NotificationPlan(agency, status, created, read_at, reader)
            )

    def referral_steps(self, pathway: str, sent_on: dt.date) -> list[tuple[str, dt.date]]:
        """How the receiver answers, drawn: most accept and serve to completion, a few return
        it, end the service, or see the sender take it back."""
        rng = self.rng
        slow = rng.random() < SLOW_ANSWER_SHARE
        answered = sent_on + (self.days(7, 20) if slow else self.days(0, 4))
        roll = rng.random()
        if roll < REJECT_SHARE:
            if rng.random() < 0.25:
                return [
                    (ReferralStatus.ACCEPTED, answered),
                    (ReferralStatus.REJECTED, answered + self.days(1, 7)),
                ]
            return [(ReferralStatus.REJECTED, answered)]
        roll -= REJECT_SHARE
        if roll < REVOKE_SHARE:
            if rng.random() < 0.5:
                return [(ReferralStatus.REVOKED, sent_on + self.days(1, 3))]
            return [
                (ReferralStatus.ACCEPTED, answered),
                (ReferralStatus.REVOKED, answered + self.days(1, 10)),
            ]
        roll -= REVOKE_SHARE
        steps: list[tuple[str, dt.date]] = []
        accept_first = rng.random() < ACCEPT_FIRST_SHARE
        if accept_first:
            steps.append((ReferralStatus.ACCEPTED, answered))
        started = answered + self.days(0, 10) if accept_first else answered
        if roll < END_SHARE:
            steps.append((ReferralStatus.IN_SERVICE, started))
            steps.append((ReferralStatus.ENDED, started + self.days(10, 60)))
            return steps
        if not accept_first or rng.random() < IN_SERVICE_SHARE:
            steps.append((ReferralStatus.IN_SERVICE, started))
        steps.append((ReferralStatus.COMPLETED, started + self.days(*SERVICE_DAYS[pathway])))
        return steps

    def refer(
        self,
        need: NeedPlan,
        sent_on: dt.date,
        *,
        receiver: str | None = None,
        covering: Sequence[tuple[str, str]] = (),
        steps: Sequence[tuple[str, dt.date]] | None = None,
        extra_fields: Sequence[str] = (),
        purpose: str | None = None,
        guardian: str | None = None,
        override_by: str | None = None,
        new_consent: bool = False,
        unopened: bool = False,
    ) -> ReferralPlan | None:
        """Send the need to its provider on ``sent_on`` and take the receiver's steps up to
        yesterday; None (the need stays as it is) if the day has not come or nobody works at
        the receiver."""
        receiver = receiver or self.receiver_for(need.pathway, need.person)
        handler = self.staff(receiver)
        if handler is None or not self.happens(sent_on):
            return None
        rng = self.rng
        consent: int | None = None
        override_reason = override_until = None
        if override_by is not None:
            override_reason = _pick(rng, OVERRIDE_REASONS)
            override_until = sent_on + dt.timedelta(days=self.override_days)
        else:
            consent = self.consent_for(
                need, receiver, sent_on, covering, guardian=guardian, new=new_consent
            )
        chosen = {"name", *SUGGESTED.get(need.pathway, ()), *extra_fields}
        sender = override_by or need.worker
        referral = ReferralPlan(
            _uuid(rng),
            need.agency_key,
            receiver,
            purpose or _pick(rng, PURPOSES[need.pathway]),
            [code for code in FIELDS if code in chosen],
            consent,
            override_reason,
            override_until,
            sent_on,
            sent_on + dt.timedelta(days=self.respond_days),
            sender,
        )
        need.referrals.append(referral)
        referral.events.append(
            ReferralEventPlan(ReferralStatus.SENT, sent_on, sender, need.agency_key)
        )
        self.move(need, NeedStatus.REFERRED, sent_on, sender)
        if need.agency_key.startswith(AgencyKind.JUSTICE_OFFICE) and rng.random() < (
            ACCOMPANIED_SHARE
        ):
            # The 司法所's own part: the application prepared with the person, taken there.
            need.measures.append(
                SupportMeasurePlan(
                    _uuid(rng),
                    ACCOMPANYING.get(need.pathway, GENERIC_ACCOMPANYING),
                    need.agency_key,
                    sent_on,
                    sent_on,
                    need.worker,
                )
            )
        self.notify(referral, receiver, ReferralStatus.SENT, sent_on, handler)
        for status, day in (
            steps if steps is not None else self.referral_steps(need.pathway, sent_on)
        ):
            if not self.happens(day):
                break
            self.step(need, referral, status, day, handler, None)
        if referral.status == ReferralStatus.SENT and (
            unopened or referral.respond_by < self.today or rng.random() < UNOPENED_SHARE
        ):
            # Nobody at the receiver has opened it yet (that is why it waits).
            sent = referral.notifications[0]
            sent.read_at = sent.read_by = None
        if referral.closed_on is not None and need.status == NeedStatus.PLANNED:
            self.after_return(need, referral.closed_on)
        return referral

    def step(
        self,
        need: NeedPlan,
        referral: ReferralPlan,
        status: str,
        day: dt.date,
        handler: str,
        reason: str | None,
    ) -> None:
        """One step as the actions take it: the referral's dates, its event, the need moved,
        the other side notified."""
        rng = self.rng
        received = status != ReferralStatus.REVOKED
        by = handler if received else need.worker
        referral.status = status
        if received:
            referral.handled_by = handler
        if status == ReferralStatus.ACCEPTED:
            referral.accepted_on = day
        elif status == ReferralStatus.IN_SERVICE:
            referral.service_started_on = day
            referral.accepted_on = referral.accepted_on or day
            if need.status == NeedStatus.REFERRED:
                self.move(need, NeedStatus.IN_PROGRESS, day, handler)
        elif status == ReferralStatus.COMPLETED:
            referral.closed_on = day
            referral.service_started_on = referral.service_started_on or day
            referral.outcome = self.outcome_text(need.pathway, direct=False)
            self.move(need, NeedStatus.MET, day, handler)
            need.outcome = referral.outcome
        else:
            referral.closed_on = day
            if status == ReferralStatus.REJECTED:
                referral.closing_reason = reason or REJECT_REASONS.get(
                    need.pathway, GENERIC_REJECT_REASON
                )
            elif status == ReferralStatus.ENDED:
                referral.closing_reason = reason or _pick(rng, END_REASONS)
            else:
                referral.closing_reason = reason or _pick(rng, REVOKE_REASONS)
            self.move(need, NeedStatus.PLANNED, day, by)
        agency = referral.to_agency_key if received else referral.from_agency_key
        referral.events.append(ReferralEventPlan(status, day, by, agency))
        if received:
            self.notify(referral, referral.from_agency_key, status, day, need.worker)
        else:
            self.notify(referral, referral.to_agency_key, status, day, handler)

    # -- texts ------------------------------------------------------------------------------
    def measure_text(self, need: NeedPlan) -> str:
        rng, pathway = self.rng, need.pathway
        if pathway == Pathway.LAND:
            return f"协调{self.village(need.person)}村委会落实责任田{1 + int(rng.random() * 4)}亩。"
        if pathway == Pathway.EMPLOYER_PLACEMENT:
            return f"推荐到{_pick(rng, EMPLOYERS)}务工,陪同面试。"
        if pathway == Pathway.SELF_EMPLOYMENT:
            return f"协助办理个体工商户登记,经营{_pick(rng, BUSINESSES)}。"
        if pathway == Pathway.EDUCATION:
            return "协调学校办理复学手续,安排结对帮扶老师。"
        if pathway == Pathway.FAMILY_CONTACT:
            return "联系家属说明情况,组织家庭见面谈话。"
        if pathway == Pathway.TRAINING:
            return f"推荐参加镇成人学校{_pick(rng, TRAINING_COURSES)}培训班。"
        return GENERIC_ACCOMPANYING

    def outcome_text(self, pathway: str, *, direct: bool) -> str:
        rng = self.rng
        if pathway == Pathway.MINIMUM_ALLOWANCE:
            return f"已纳入最低生活保障,每月{300 + 10 * int(rng.random() * 30)}元。"
        if pathway == Pathway.EXTREME_POVERTY:
            return _pick(
                rng, ("已认定为特困人员,分散供养。", "已认定为特困人员,集中供养于县社会福利中心。")
            )
        if pathway == Pathway.TEMPORARY_RELIEF:
            return f"给予临时救助{500 + 100 * int(rng.random() * 26)}元。"
        if pathway == Pathway.ACCOMMODATION:
            return "已安排入住过渡性安置基地,提供食宿。"
        if pathway == Pathway.MEDICAL_AID:
            return "已纳入医疗救助,门诊和住院费用按比例救助。"
        if pathway == Pathway.TRAINING:
            return f"已完成{_pick(rng, TRAINING_COURSES)}培训,取得结业证书。"
        if pathway == Pathway.JOB_INFORMATION:
            return f"已提供{3 + int(rng.random() * 8)}条岗位信息,推荐参加招聘会。"
        if pathway == Pathway.EMPLOYER_PLACEMENT:
            return f"已在{_pick(rng, EMPLOYERS)}就业,签订劳动合同。"
        if pathway == Pathway.SELF_EMPLOYMENT:
            if direct:
                return f"已开始经营{_pick(rng, BUSINESSES)},收入基本稳定。"
            return f"已获创业担保贷款{1 + int(rng.random() * 5)}万元,开始经营。"
        if pathway == Pathway.DISABILITY_CERTIFICATE:
            return _pick(
                rng,
                ("经评定为精神残疾二级,已核发残疾人证。", "经评定为肢体残疾四级,已核发残疾人证。"),
            )
        if pathway == Pathway.ID_DOCUMENTS:
            return "已恢复户口登记,居民身份证已办理。"
        if pathway == Pathway.LEGAL_AID:
            return "已指派律师提供法律援助,纠纷已调解。"
        if pathway == Pathway.LAND:
            return "责任田已落实,本人已回乡务农。"
        if pathway == Pathway.EDUCATION:
            return "已复学,按时到校。"
        return "已与家属恢复联系,家属同意接纳。"

    # -- released people (安置帮教) ------------------------------------------------------------
    def sender_of(self, case: CasePlan) -> _Sender | None:
        worker = case.worker or self.staff(case.owner_agency_key)
        return _Sender(case.owner_agency_key, worker) if worker else None

    def released_people(self) -> None:
        """Each 安置帮教 case: the needs found on release (a resettlement pathway and some
        others), the way each went, and needs arising later in the aid period."""
        for index, case in enumerate(self.cases):
            if case.program != "reentry":
                continue
            sender = self.sender_of(case)
            if sender is None:
                continue
            self.released_person(index, case, sender)

    def released_person(self, index: int, case: CasePlan, sender: _Sender) -> None:
        rng = self.rng
        person = case.person
        facts = self.people[person]
        released_on = dt.date.fromisoformat(case.details["released_on"])
        age = _age_on(facts.birth_date, released_on)
        # Prison releases are known from the notice a month ahead (摸底 before release);
        # releases from corrections from the day their 安置帮教 case opens.
        found_on = case.started_on if case.details["source"] == "prison" else released_on
        found_on += self.days(0, 10)
        helped_from = max(found_on, released_on)
        stop = case.ended_on or self.today
        three_nos = facts.family is None and age < ELDERLY_AGE and rng.random() < THREE_NOS_SHARE
        poor_elder = age >= ELDERLY_AGE and rng.random() < EXTREME_POVERTY_SHARE
        if three_nos:
            first = [Pathway.ACCOMMODATION, Pathway.MINIMUM_ALLOWANCE]
        elif poor_elder:
            first = [Pathway.EXTREME_POVERTY]
        elif age >= ELDERLY_AGE:
            first = [Pathway.LAND if self.lives_in_a_village(person) else Pathway.MINIMUM_ALLOWANCE]
        elif self.lives_in_a_village(person):
            first = [VILLAGER_PATHWAYS.draw(rng)]
        else:
            first = [TOWNSFOLK_PATHWAYS.draw(rng)]
        others: list[str] = []
        for pathway, share, youngest, oldest in RELEASE_NEEDS:
            if youngest <= age <= oldest and rng.random() < share:
                others.append(pathway)
        if case.details["source"] == "prison" and rng.random() < ID_DOCUMENTS_SHARE:
            others.append(Pathway.ID_DOCUMENTS)
        if facts.family is None and rng.random() < FAMILY_CONTACT_SHARE:
            others.append(Pathway.FAMILY_CONTACT)
        if age < 18:
            others.append(Pathway.EDUCATION)
        pathways = first + [p for p in others if p not in first]
        # A sealed juvenile record is never told to another agency: the 司法所 helps itself.
        referred = {
            pathway: not facts.sealed
            and pathway in REFERRED_PATHWAYS
            and rng.random() < REFERRED_SHARE.get(pathway, 1.0)
            for pathway in pathways
        }
        if facts.sealed:
            pathways = [p for p in pathways if p in DIRECT_PATHWAYS]
        covering = [
            (pathway, self.receiver_for(pathway, person))
            for pathway in pathways
            if referred.get(pathway)
        ]
        if three_nos or poor_elder:
            self.record_facts(person, found_on, sender, three_nos=three_nos, poor_elder=poor_elder)
        elif first[0] in WORK_PATHWAYS and rng.random() < FACTS_SHARE:
            self.record_facts(person, found_on, sender, no_work=True)
        for pathway in pathways:
            need = self.new_need(person, pathway, found_on, sender, case=index)
            if need is None or case.status == "pending_handover":
                # Not handed over yet: the needs wait for the person to arrive.
                continue
            if referred[pathway]:
                extra = ("offence",) if pathway == Pathway.LEGAL_AID and rng.random() < 0.5 else ()
                self.refer(
                    need,
                    helped_from + self.days(1, 8),
                    covering=covering,
                    extra_fields=extra,
                )
            elif pathway in first:
                # Resettlement is what 安置帮教 is for: few turn it down.
                self.provide(
                    need, helped_from, decline=FIRST_DECLINE_SHARE, not_needed=FIRST_DECLINE_SHARE
                )
            else:
                self.provide(need, helped_from)
            self.facts_after(need, sender)
        if case.status == "pending_handover" or facts.sealed:
            return
        self.later_needs(index, case, sender, released_on, stop)

    def later_needs(
        self, index: int, case: CasePlan, sender: _Sender, released_on: dt.date, stop: dt.date
    ) -> None:
        """Needs arising in the aid period after the first months (an illness, a course)."""
        rng = self.rng
        first_day = released_on + dt.timedelta(days=90)
        span = (stop - first_day).days
        if span <= 0:
            return
        for pathway, rate in LATER_NEEDS:
            if rng.random() >= rate * span / 365:
                continue
            found_on = first_day + dt.timedelta(days=int(rng.random() * span))
            need = self.new_need(case.person, pathway, found_on, sender, case=index)
            if need is not None:
                self.refer(need, found_on + self.days(1, 6))

    def record_facts(
        self,
        person: int,
        on: dt.date,
        sender: _Sender,
        *,
        three_nos: bool = False,
        poor_elder: bool = False,
        no_work: bool = False,
    ) -> None:
        if not self.happens(on):
            return
        by = (on, sender.agency_key, sender.username)
        # None: not checked.
        if three_nos:
            facts = FactsPlan(person, True, True, True, False, True, None, *by)
        elif poor_elder:
            facts = FactsPlan(person, False, None, True, True, True, True, *by)
        else:
            facts = FactsPlan(person, False, False, no_work, False, None, None, *by)
        self.add_facts(facts)

    def add_facts(self, facts: FactsPlan) -> None:
        self.facts.append(facts)
        self.latest_facts[facts.person] = facts

    def facts_after(self, need: NeedPlan, sender: _Sender) -> None:
        """Facts checked again once help changed them: a place to live (no longer homeless),
        特困供养 granted (a livelihood), or refused because a supporter was found."""
        latest = self.latest_facts.get(need.person)
        if latest is None:
            return
        change: dict[str, bool] = {}
        on = need.closed_on
        if need.status == NeedStatus.MET and need.pathway == Pathway.ACCOMMODATION:
            change = {"no_home": False} if latest.no_home else {}
        elif need.status == NeedStatus.MET and need.pathway == Pathway.EXTREME_POVERTY:
            change = {"no_income": False} if latest.no_income else {}
        elif need.pathway == Pathway.EXTREME_POVERTY and latest.no_supporter:
            refused = [r for r in need.referrals if r.status == ReferralStatus.REJECTED]
            if refused:
                change, on = {"no_supporter": False}, refused[-1].closed_on
        if change and on is not None:
            self.add_facts(
                replace(
                    latest,
                    recorded_on=on,
                    agency_key=sender.agency_key,
                    by=sender.username,
                    **change,
                )
            )

    # -- health and youth -------------------------------------------------------------------
    def patients(self) -> None:
        """卫生院 referrals of patients: a disability certificate (残联, with the diagnosis)
        and medical aid (民政), sent over the last two years, the guardian consenting for
        many."""
        rng = self.rng
        patients = [
            index
            for index, case in enumerate(self.cases)
            if case.program == "mental_health" and case.ended_on is None
        ]
        rng.shuffle(patients)
        wanted = [Pathway.DISABILITY_CERTIFICATE] * self.count(PATIENT_DISABILITY_REFERRALS)
        wanted += [Pathway.MEDICAL_AID] * self.count(PATIENT_MEDICAL_AID_REFERRALS)
        for pathway, index in zip(wanted, patients, strict=False):
            case = self.cases[index]
            sender = self.sender_of(case)
            if sender is None:
                continue
            found_on = max(case.started_on, self.today - self.days(5, 730))
            need = self.new_need(case.person, pathway, found_on, sender, case=index)
            if need is None:
                continue
            self.refer(
                need,
                found_on + self.days(1, 10),
                extra_fields=("diagnosis",),
                purpose=PATIENT_PURPOSES[pathway],
                guardian=str(case.details.get("guardian_name") or "") or None,
            )

    def youth(self) -> None:
        """Minors in youth support (重点青少年) are helped back to school by 民政."""
        for index, case in enumerate(self.cases):
            if case.program != "youth_support" or case.category != "at_risk_youth":
                continue
            if _age_on(self.people[case.person].birth_date, case.started_on) >= 18:
                continue
            sender = self.sender_of(case)
            if sender is None:
                continue
            need = self.new_need(
                case.person,
                Pathway.EDUCATION,
                case.started_on + self.days(0, 14),
                sender,
                case=index,
            )
            if need is not None:
                self.provide(need, need.identified_on, decline=0.0, not_needed=0.0)

    # -- planted ----------------------------------------------------------------------------
    def pick_released(
        self,
        pathway: str,
        found_on: dt.date,
        *,
        seat: bool,
        three_nos: bool = False,
    ) -> tuple[int, CasePlan, _Sender] | None:
        """An active 安置帮教 case open by ``found_on`` (in the county seat, of its first
        worker, with ``seat``) whose person has no open need of ``pathway`` and no sealed
        record. With ``three_nos``: the most recently released person with no family on file
        and no open welfare need."""
        avoid: frozenset[str] = frozenset(WELFARE_PATHWAYS) if three_nos else frozenset({pathway})
        for index in self.latest_released if three_nos else self.released:
            case = self.cases[index]
            facts = self.people[case.person]
            if facts.sealed or (seat and case.worker != self.seat_worker):
                continue
            if case.started_on > found_on:
                continue
            if three_nos and facts.family is not None:
                continue
            if any(
                (earlier := self.latest_need.get((case.person, other))) is not None
                and earlier.status in OPEN_NEED_STATUSES
                for other in avoid
            ):
                continue
            if case.person in self.planted:
                continue
            sender = self.sender_of(case)
            if sender is not None:
                self.planted.add(case.person)
                return index, case, sender
        return None

    def planted_referral(
        self,
        pathway: str,
        sent_ago: int,
        steps: list[tuple[str, int]],
        *,
        seat: bool = False,
        override: bool = False,
        new_consent: bool = False,
    ) -> ReferralPlan | None:
        """A referral of a released person sent ``sent_ago`` days ago, with ``steps`` taken
        the given number of days ago."""
        sent_on = self.today - dt.timedelta(days=sent_ago)
        found_on = sent_on - self.days(1, 3)
        picked = self.pick_released(pathway, found_on, seat=seat)
        if picked is None:
            return None
        index, case, sender = picked
        override_by = None
        if override:
            supervisor = self.directory.supervisors.get(sender.agency_key)
            if supervisor is None:
                return None
            override_by = supervisor.username
        need = self.new_need(case.person, pathway, found_on, sender, case=index)
        if need is None:
            return None
        return self.refer(
            need,
            sent_on,
            steps=[(status, self.today - dt.timedelta(days=ago)) for status, ago in steps],
            override_by=override_by,
            new_consent=new_consent,
            unopened=not steps,
        )

    def plant(self) -> None:
        """Live work for the county seat's first 司法所 worker and the receivers' officers:
        低保 referrals overdue for an answer, a training referral waiting, placements and
        relief under way, a 卫生院 disability referral waiting at 残联 (the waiting ones not
        yet opened), consents withdrawn (the referral revoked the same day), an emergency
        referral without consent by the seat's supervisor, and 三无 people not yet referred
        for welfare."""
        accepted, in_service = ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE
        for n in range(max(1, self.count(2))):
            self.planted_referral(Pathway.MINIMUM_ALLOWANCE, 9 + n, [], seat=n == 0)
        for n in range(max(1, self.count(1))):
            self.planted_referral(Pathway.TRAINING, 2, [], seat=n == 0)
            self.planted_referral(Pathway.EMPLOYER_PLACEMENT, 7, [(accepted, 5)], seat=n == 0)
            self.planted_referral(
                Pathway.TEMPORARY_RELIEF, 8, [(accepted, 7), (in_service, 5)], seat=n == 0
            )
            self.planted_referral(
                Pathway.SELF_EMPLOYMENT, 20, [(accepted, 18), (in_service, 12)], seat=n == 0
            )
        self.planted_referral(
            Pathway.TEMPORARY_RELIEF, 6, [(in_service, 4)], seat=True, override=True
        )
        for _ in range(max(1, self.count(2))):
            self.withdrawn_consent()
        for n in range(max(1, self.count(2))):
            self.planted_patient(n)
        for n in range(max(1, self.count(2))):
            self.three_nos_waiting(seat=n == 0)

    def withdrawn_consent(self) -> None:
        """The person withdrew consent while 人社 was serving them: the 司法所 revoked the
        referral that day, and the person declined the help."""
        sent_ago = 30 + int(self.rng.random() * 90)
        referral = self.planted_referral(
            Pathway.TRAINING,
            sent_ago,
            [
                (ReferralStatus.ACCEPTED, sent_ago - 2),
                (ReferralStatus.IN_SERVICE, sent_ago - 6),
            ],
            new_consent=True,
        )
        if referral is None or referral.consent is None or referral.handled_by is None:
            return
        need = self.needs[-1]
        withdrawn_on = self.today - dt.timedelta(days=sent_ago - 15)
        consent = self.consents[referral.consent]
        consent.withdrawn_on, consent.withdrawn_by = withdrawn_on, need.worker
        self.step(
            need,
            referral,
            ReferralStatus.REVOKED,
            withdrawn_on,
            referral.handled_by,
            WITHDRAWN_REASON,
        )
        self.move(need, NeedStatus.DECLINED, withdrawn_on, need.worker, WITHDRAWN_NOTE)

    def planted_patient(self, n: int) -> None:
        """A 卫生院 patient referred to 残联 (waiting for an answer, or in assessment)."""
        for index, case in enumerate(self.cases):
            if case.program != "mental_health" or case.ended_on is not None:
                continue
            if self.people[case.person].township_code != self.seat and n == 0:
                continue
            earlier = self.latest_need.get((case.person, Pathway.DISABILITY_CERTIFICATE))
            if earlier is not None:
                continue
            sender = self.sender_of(case)
            if sender is None:
                continue
            sent_on = self.today - dt.timedelta(days=3 + 10 * n)
            if case.started_on >= sent_on:
                continue
            need = self.new_need(
                case.person, Pathway.DISABILITY_CERTIFICATE, sent_on - ONE_DAY, sender, case=index
            )
            if need is None:
                continue
            steps = [] if n == 0 else [(ReferralStatus.ACCEPTED, sent_on + self.days(1, 3))]
            self.refer(
                need,
                sent_on,
                steps=steps,
                extra_fields=("diagnosis",),
                purpose=PATIENT_PURPOSES[Pathway.DISABILITY_CERTIFICATE],
                guardian=str(case.details.get("guardian_name") or "") or None,
                unopened=not steps,
            )
            return

    def three_nos_waiting(self, *, seat: bool) -> None:
        """Released recently, no home, no relatives, no work, facts recorded, 低保 planned
        but not yet referred: on the 三无 list to act on."""
        found_on = self.today - self.days(3, 10)
        picked = self.pick_released(Pathway.MINIMUM_ALLOWANCE, found_on, seat=seat, three_nos=True)
        if picked is None:
            return
        index, case, sender = picked
        self.record_facts(case.person, found_on, sender, three_nos=True)
        need = self.new_need(case.person, Pathway.MINIMUM_ALLOWANCE, found_on, sender, case=index)
        if need is not None and self.happens(found_on + ONE_DAY):
            self.move(need, NeedStatus.PLANNED, found_on + ONE_DAY, sender.username)


def plan_support(
    plan: DemoPlan,
    casework: CountyCasework,
    people: Sequence[PersonFacts],
    directory: StaffDirectory,
) -> CountySupport:
    """The county's support, deterministic for (seed, county, its people, its casework)."""
    county = _CountySupport(plan, casework, people, directory)
    county.released_people()
    county.patients()
    county.youth()
    county.plant()
    return CountySupport(
        casework.county_index, casework.today, county.needs, county.consents, county.facts
    )
