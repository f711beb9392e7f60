"""Support for a person (help that reaches them) and referrals between agencies.

A *need* is one pathway of help for one person (a job, 低保, a disability certificate ...)
with its status history; *measures* record what was actually provided. A *referral* asks
another agency to provide a pathway: it names the person's fields it discloses and the
consent it relies on, and the receiving agency sees only those fields, only while the
consent holds and the sender has not revoked it (see tongxin.access.policy).
*Livelihood facts* store the 三无 criteria as facts, not as a label (domain-rules §三无).

Free text that may describe a person's circumstances (outcomes, notes, reasons) is
encrypted at rest like the person file.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.lib.field_crypto import EncryptedTextField
from tongxin.organisation.models import Agency, AgencyKind
from tongxin.people.models import Person
from tongxin.programs.models import Enrollment


class Pathway(models.TextChoices):
    ACCOMMODATION = "accommodation", _("住所安置")
    LAND = "land", _("回乡务农(责任田)")
    EMPLOYER_PLACEMENT = "employer_placement", _("用人单位安置就业")
    SELF_EMPLOYMENT = "self_employment", _("自主创业")
    TRAINING = "training", _("职业技能培训")
    JOB_INFORMATION = "job_information", _("就业信息")
    MINIMUM_ALLOWANCE = "minimum_allowance", _("最低生活保障(低保)")
    EXTREME_POVERTY = "extreme_poverty", _("特困人员供养")
    TEMPORARY_RELIEF = "temporary_relief", _("临时救助")
    MEDICAL_AID = "medical_aid", _("医疗救助")
    DISABILITY_CERTIFICATE = "disability_certificate", _("残疾证办理")
    ID_DOCUMENTS = "id_documents", _("身份证件与户口")
    EDUCATION = "education", _("未成年人教育")
    LEGAL_AID = "legal_aid", _("法律援助")
    FAMILY_CONTACT = "family_contact", _("家庭联系")


# The agency kinds that provide each pathway: a referral for it goes to one of them. Land,
# education and family contact are arranged by the township itself (village, school, family)
# and are recorded as needs and measures, not referred.
PROVIDERS: dict[str, frozenset[str]] = {
    Pathway.ACCOMMODATION: frozenset({AgencyKind.CIVIL_AFFAIRS}),
    Pathway.EMPLOYER_PLACEMENT: frozenset({AgencyKind.HUMAN_RESOURCES}),
    Pathway.SELF_EMPLOYMENT: frozenset({AgencyKind.HUMAN_RESOURCES}),
    Pathway.TRAINING: frozenset({AgencyKind.HUMAN_RESOURCES}),
    Pathway.JOB_INFORMATION: frozenset({AgencyKind.HUMAN_RESOURCES}),
    Pathway.MINIMUM_ALLOWANCE: frozenset({AgencyKind.CIVIL_AFFAIRS}),
    Pathway.EXTREME_POVERTY: frozenset({AgencyKind.CIVIL_AFFAIRS}),
    Pathway.TEMPORARY_RELIEF: frozenset({AgencyKind.CIVIL_AFFAIRS}),
    Pathway.MEDICAL_AID: frozenset({AgencyKind.CIVIL_AFFAIRS, AgencyKind.HEALTH_BUREAU}),
    Pathway.DISABILITY_CERTIFICATE: frozenset({AgencyKind.DISABLED_FEDERATION}),
    Pathway.ID_DOCUMENTS: frozenset({AgencyKind.POLICE_STATION, AgencyKind.POLICE_BUREAU}),
    Pathway.LEGAL_AID: frozenset({AgencyKind.JUSTICE_BUREAU}),
}
WELFARE_PATHWAYS = frozenset(
    {Pathway.MINIMUM_ALLOWANCE, Pathway.EXTREME_POVERTY, Pathway.TEMPORARY_RELIEF}
)
# Met needs of these pathways count a released person as resettled (安置).
RESETTLEMENT_PATHWAYS = frozenset(
    {
        Pathway.ACCOMMODATION,
        Pathway.LAND,
        Pathway.EMPLOYER_PLACEMENT,
        Pathway.SELF_EMPLOYMENT,
        Pathway.MINIMUM_ALLOWANCE,
        Pathway.EXTREME_POVERTY,
    }
)


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("已发现")
    PLANNED = "planned", _("已计划")
    REFERRED = "referred", _("已转介")
    IN_PROGRESS = "in_progress", _("帮扶中")
    MET = "met", _("已解决")
    DECLINED = "declined", _("本人拒绝")
    NOT_NEEDED = "not_needed", _("无需帮扶")


OPEN_NEED_STATUSES = (
    NeedStatus.IDENTIFIED,
    NeedStatus.PLANNED,
    NeedStatus.REFERRED,
    NeedStatus.IN_PROGRESS,
)


class SupportNeed(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="support_needs"
    )
    pathway = models.CharField(_("帮扶途径"), max_length=24, choices=Pathway.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.IDENTIFIED
    )
    # The case in which the need was found (a 安置帮教 case, a youth support plan), if any.
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("所属案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_needs",
    )
    responsible_agency = models.ForeignKey(
        Agency, verbose_name=_("负责机构"), on_delete=models.PROTECT, related_name="+"
    )
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    identified_on = models.DateField(_("发现日期"))
    target_on = models.DateField(_("计划完成日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    note = EncryptedTextField(_("情况说明"), null=True, blank=True)
    outcome = EncryptedTextField(_("结果"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("帮扶需求")
        verbose_name_plural = _("帮扶需求")
        constraints = [
            # One open need per pathway: a second 低保 need would split its history.
            models.UniqueConstraint(
                fields=["person", "pathway"],
                condition=Q(status__in=["identified", "planned", "referred", "in_progress"]),
                name="support_need_one_open_per_pathway",
            )
        ]
        indexes = [
            # The township's open needs (support page, figures).
            models.Index(fields=["responsible_agency", "status"], name="need_agency_status"),
        ]

    def __str__(self) -> str:
        return f"{self.pathway} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_NEED_STATUSES


class SupportNeedChange(models.Model):
    """The status history of a need: who moved it, when and why."""

    need = models.ForeignKey(SupportNeed, on_delete=models.PROTECT, related_name="changes")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, choices=NeedStatus.choices)
    on_date = models.DateField(_("日期"))
    note = EncryptedTextField(_("说明"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("帮扶需求变更")
        verbose_name_plural = _("帮扶需求变更")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status} on {self.on_date}"


class SupportMeasure(models.Model):
    """Help actually provided for a need: a placement, a course, an allowance granted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    need = models.ForeignKey(SupportNeed, on_delete=models.PROTECT, related_name="measures")
    description = EncryptedTextField(_("帮扶措施"))
    provider_agency = models.ForeignKey(
        Agency, verbose_name=_("提供机构"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("帮扶措施")
        verbose_name_plural = _("帮扶措施")

    def __str__(self) -> str:
        return f"measure from {self.started_on}"


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("本人书面同意")
    ORAL_RECORDED = "oral_recorded", _("本人口头同意(已记录)")
    GUARDIAN_WRITTEN = "guardian_written", _("监护人书面同意")


class Consent(models.Model):
    """A person's consent to share their data with named agencies for named purposes
    (个人信息保护法 arts 14, 29; under 14 the guardian's, art 31)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="consents"
    )
    # Pathway codes the consent covers.
    purposes = models.JSONField(_("用途"), default=list)
    agencies = models.ManyToManyField(Agency, verbose_name=_("可接收机构"), related_name="+")
    form = models.CharField(_("同意方式"), max_length=20, choices=ConsentForm.choices)
    guardian_name = EncryptedTextField(_("监护人姓名"), null=True, blank=True)
    given_on = models.DateField(_("同意日期"))
    expires_on = models.DateField(_("有效期至"))
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_agency = models.ForeignKey(
        Agency, verbose_name=_("登记机构"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("个人信息共享同意")
        verbose_name_plural = _("个人信息共享同意")

    def __str__(self) -> str:
        return f"consent {self.given_on}–{self.expires_on}"

    def holds_on(self, day: dt.date) -> bool:
        return self.withdrawn_on is None and self.given_on <= day <= self.expires_on


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("已发送")
    ACCEPTED = "accepted", _("已接收")
    REJECTED = "rejected", _("已退回")
    IN_SERVICE = "in_service", _("服务中")
    COMPLETED = "completed", _("已办结")
    ENDED = "ended", _("已终止")
    REVOKED = "revoked", _("已撤回")


OPEN_REFERRAL_STATUSES = (
    ReferralStatus.SENT,
    ReferralStatus.ACCEPTED,
    ReferralStatus.IN_SERVICE,
)
# Statuses in which the receiving agency still sees the referral (and, while the consent
# holds, its named fields): a rejected or revoked referral is gone from the receiver.
RECEIVER_STATUSES = (*OPEN_REFERRAL_STATUSES, ReferralStatus.COMPLETED, ReferralStatus.ENDED)


class Referral(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="referrals"
    )
    need = models.ForeignKey(
        SupportNeed, verbose_name=_("帮扶需求"), on_delete=models.PROTECT, related_name="referrals"
    )
    pathway = models.CharField(_("帮扶途径"), max_length=24, choices=Pathway.choices)
    from_agency = models.ForeignKey(
        Agency, verbose_name=_("转出机构"), on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, verbose_name=_("接收机构"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = EncryptedTextField(_("转介事由"))
    # Field codes of tongxin.support.disclosure.FIELDS the receiver may see.
    disclosed_fields = models.JSONField(_("披露字段"), default=list)
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("所依据的同意"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # Sent without consent under the policy's override (a named role, a reason, a short time).
    override_reason = EncryptedTextField(_("无同意转介理由"), null=True, blank=True)
    override_until = models.DateField(_("无同意转介有效期至"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    sent_on = models.DateField(_("转介日期"))
    respond_by = models.DateField(_("答复期限"))
    accepted_on = models.DateField(_("接收日期"), null=True, blank=True)
    service_started_on = models.DateField(_("开始服务日期"), null=True, blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    # Why it was rejected, ended or revoked; the outcome of the service when completed.
    closing_reason = EncryptedTextField(_("原因"), null=True, blank=True)
    outcome = EncryptedTextField(_("服务结果"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = _("转介")
        indexes = [
            # The receiving agency's incoming queue.
            models.Index(
                fields=["to_agency", "respond_by"],
                condition=Q(status__in=["sent", "accepted", "in_service"]),
                name="referral_incoming_open",
            ),
            # The sender's outgoing list.
            models.Index(fields=["from_agency", "sent_on"], name="referral_outgoing"),
        ]

    def __str__(self) -> str:
        return f"{self.pathway} → {self.to_agency_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES


class ReferralEvent(models.Model):
    """Each step of a referral, for the sender's and receiver's progress view."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    on_date = models.DateField(_("日期"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("转介进展")
        verbose_name_plural = _("转介进展")

    def __str__(self) -> str:
        return f"{self.status} on {self.on_date}"


class Notification(models.Model):
    """A message to an agency about a referral: new, accepted, rejected, completed ..."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("转介通知")
        verbose_name_plural = _("转介通知")
        indexes = [
            models.Index(
                fields=["agency", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            )
        ]

    def __str__(self) -> str:
        return f"{self.status} for agency {self.agency_id}"


class LivelihoodFacts(models.Model):
    """The 三无 criteria as recorded facts, newest row current. ``None`` means not known.

    Released people (安置帮教 usage): no home, no relatives to turn to, no work. Social
    assistance (特困 usage): cannot work, no income, no legal supporter."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="livelihood_facts")
    no_home = models.BooleanField(_("无家可归"), null=True)
    no_relatives = models.BooleanField(_("无亲可投"), null=True)
    no_work = models.BooleanField(_("无业可就"), null=True)
    cannot_work = models.BooleanField(_("无劳动能力"), null=True)
    no_income = models.BooleanField(_("无生活来源"), null=True)
    no_supporter = models.BooleanField(_("无法定赡养、抚养、扶养义务人"), null=True)
    recorded_on = models.DateField(_("核实日期"))
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("三无情况")
        verbose_name_plural = _("三无情况")
        indexes = [models.Index(fields=["person", "-recorded_on", "-id"], name="facts_latest")]

    def __str__(self) -> str:
        return f"facts of {self.recorded_on}"

    @property
    def released_three_nos(self) -> bool:
        return bool(self.no_home and self.no_relatives and self.no_work)

    @property
    def assistance_three_nos(self) -> bool:
        return bool(self.cannot_work and self.no_income and self.no_supporter)
