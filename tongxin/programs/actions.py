"""Action functions for enrollments and their casework: validate, one transaction, write,
audit. Schedules are rows: recording a contact plans the next one from the level's interval;
a level change reschedules; an ended enrollment plans nothing more."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor, record_change
from tongxin.organisation.models import Agency
from tongxin.programs.models import (
    Alert,
    Contact,
    ContactKind,
    ContactStatus,
    Deadline,
    DeadlineStatus,
    Enrollment,
    LevelChange,
    LostContact,
)
from tongxin.programs.registry import DeadlineDraft, DetailsRejected, ProgramSpec, get_spec
from tongxin.programs.specs import corrections, reentry


class CaseworkRejected(Exception):
    """The request cannot be carried out; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


def _reject(field: str, message: str) -> CaseworkRejected:
    return CaseworkRejected({field: [message]})


def _audit(actor: Actor, action: str, enrollment: Enrollment, details: dict[str, Any]) -> None:
    record_change(
        actor=actor,
        action=action,
        object_type="enrollment",
        object_ids=[enrollment.uuid],
        # The stored program code: for closed programs it is keyed, so the audit trail does
        # not name the program either.
        details={"program": enrollment.program, "person": str(enrollment.person.uuid), **details},
        agency_name=enrollment.owner_agency.name,
    )


# -- scheduling ----------------------------------------------------------------------------


def plan_next_contact(enrollment: Enrollment, spec: ProgramSpec, after: dt.date) -> Contact | None:
    """Plan the next contact ``interval`` days after ``after``, replacing any planned one.

    Nothing is planned when the status does not schedule (pending, suspended, ended), when
    the level has no interval, or when the next date would fall after the planned end.
    """
    Contact.objects.filter(enrollment=enrollment, status=ContactStatus.PLANNED).update(
        status=ContactStatus.CANCELLED
    )
    rule = spec.levels().get(enrollment.level)
    planned: Contact | None = None
    if (
        enrollment.status in spec.scheduling_statuses
        and enrollment.ended_on is None
        and rule is not None
        and rule.interval_days
    ):
        due = after + dt.timedelta(days=rule.interval_days)
        if enrollment.planned_end_on is None or due <= enrollment.planned_end_on:
            planned = Contact.objects.create(
                enrollment=enrollment,
                kind=rule.contact_kind,
                due_on=due,
                window_ends_on=due + dt.timedelta(days=rule.grace_days),
            )
    enrollment.next_contact_due_on = planned.due_on if planned else None
    Enrollment.objects.filter(pk=enrollment.pk).update(
        next_contact_due_on=enrollment.next_contact_due_on
    )
    return planned


def _create_deadlines(enrollment: Enrollment, drafts: list[DeadlineDraft]) -> None:
    for draft in drafts:
        Deadline.objects.create(
            enrollment=enrollment, code=draft.code, due_on=draft.due_on, citation=draft.citation
        )


def _bump(enrollment: Enrollment, expected_version: int | None) -> None:
    """Optimistic lock: refuse when someone changed the case since the form was opened."""
    query = Enrollment.objects.filter(pk=enrollment.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    if query.update(version=F("version") + 1) != 1:
        raise _reject(
            "__all__", _("此案件在您打开后已被他人修改,请刷新后重新操作,您的输入未保存。")
        )
    enrollment.version += 1


# -- enrollment ----------------------------------------------------------------------------


def enroll_person(
    *,
    actor: Actor,
    person_uuid: Any,
    program: str,
    details: dict[str, Any],
    started_on: dt.date,
    owner_agency: Agency | None = None,
    responsible_worker: Any = None,
) -> Enrollment:
    """Enroll a person in a program.

    Steps: resolve the spec; check the actor may work this program for this person; clean
    the program details; refuse a second open enrollment in the same program; compute the
    planned end, initial status and level; write the enrollment, its level history, its
    deadlines and (if the status schedules) its first contact; audit.
    """
    try:
        spec = get_spec(program)
    except KeyError as exc:
        raise _reject("program", _("未知的项目。")) from exc
    with transaction.atomic():
        person = policy.get_person_for_user(actor.user, person_uuid)
        scope = policy.scope_for_program_write(actor.user, spec, person.residence_region)
        if scope is None:
            raise _reject("program", _("您所在机构不负责此项目,或此人不在您的管辖范围内。"))
        agency = owner_agency or Agency.objects.get(pk=scope.agency_id)
        try:
            cleaned = spec.clean_details(details)
        except DetailsRejected as exc:
            raise CaseworkRejected(exc.errors) from exc
        if Enrollment.objects.filter(
            person=person, program=spec.storage_code, ended_on__isnull=True
        ).exists():
            raise _reject("program", _("此人已在该项目中登记且尚未结束,一人一项目只登记一次。"))
        planned_end = spec.planned_end(started_on, cleaned)
        level = spec.initial_level(cleaned)
        enrollment = Enrollment(
            person=person,
            program=spec.storage_code,
            status=spec.initial_status(cleaned),
            level=level,
            risk_level=cleaned.get("risk_level"),
            category=spec.category(cleaned),
            owner_agency=agency,
            responsible_worker=responsible_worker,
            started_on=started_on,
            planned_end_on=planned_end,
        )
        enrollment.details = cleaned
        enrollment.save()
        LevelChange.objects.create(
            enrollment=enrollment,
            to_level=level,
            risk_level=enrollment.risk_level,
            effective_on=started_on,
            reason=_("登记时确定"),
            changed_by=actor.user,
        )
        _create_deadlines(enrollment, spec.deadlines_on_enroll(started_on, cleaned, planned_end))
        plan_next_contact(enrollment, spec, after=started_on)
        _audit(
            actor, "enrollment.create", enrollment, {"status": enrollment.status, "level": level}
        )
    return enrollment


def transition_enrollment(
    *,
    actor: Actor,
    enrollment_uuid: Any,
    transition: str,
    on_date: dt.date,
    reason: str = "",
    expected_version: int | None = None,
) -> Enrollment:
    """Move an enrollment along its status machine.

    Refuses transitions the spec does not allow from the current status, reasons the
    transition does not list, and dates before the enrollment started. Ending an enrollment
    cancels its planned contacts, waives its open deadlines and resolves its alerts; releasing
    a corrections case opens its reentry (安置帮教) enrollment.
    """
    with transaction.atomic():
        enrollment = policy.get_enrollment_for_user(actor.user, enrollment_uuid, write=True)
        spec = get_spec(enrollment.program)
        step = spec.transition(transition)
        if step is None:
            raise _reject("transition", _("该项目没有此操作。"))
        if enrollment.status not in step.sources:
            raise _reject(
                "transition",
                _("当前状态为“%(status)s”,不能执行“%(action)s”。")
                % {"status": spec.statuses[enrollment.status], "action": step.label},
            )
        if step.reasons and reason not in step.reasons:
            raise _reject(
                "reason",
                _("请选择原因:%(choices)s。")
                % {"choices": "、".join(str(label) for label in step.reasons.values())},
            )
        if on_date < enrollment.started_on:
            raise _reject(
                "on_date",
                _("日期不能早于登记开始日期 %(d)s。") % {"d": enrollment.started_on.isoformat()},
            )
        if on_date > timezone.localdate():
            raise _reject("on_date", _("日期不能晚于今天。"))
        problem = spec.check_transition(step, reason, on_date, enrollment)
        if problem:
            raise _reject("reason" if reason else "transition", problem)
        _bump(enrollment, expected_version)
        previous = enrollment.status
        enrollment.status = step.target
        new_end = spec.planned_end_after(transition, on_date, enrollment)
        if new_end is not None:
            enrollment.planned_end_on = new_end
        if step.target in spec.ended_statuses:
            enrollment.ended_on = on_date
            enrollment.end_reason = reason or transition
        enrollment.save(
            update_fields=["status", "planned_end_on", "ended_on", "end_reason", "updated_at"]
        )
        met = spec.deadlines_met_by(transition)
        if met:
            Deadline.objects.filter(
                enrollment=enrollment, code__in=met, status=DeadlineStatus.OPEN
            ).update(status=DeadlineStatus.MET, met_on=on_date)
        if enrollment.ended_on is not None:
            Deadline.objects.filter(enrollment=enrollment, status=DeadlineStatus.OPEN).update(
                status=DeadlineStatus.WAIVED
            )
            Alert.objects.filter(enrollment=enrollment, resolved_at__isnull=True).update(
                resolved_at=timezone.now()
            )
        else:
            _create_deadlines(
                enrollment, spec.deadlines_on_transition(transition, on_date, enrollment)
            )
        plan_next_contact(enrollment, spec, after=on_date)
        _audit(
            actor,
            f"enrollment.{transition}",
            enrollment,
            {
                "from": previous,
                "to": enrollment.status,
                "reason": reason,
                "on": on_date.isoformat(),
            },
        )
        if spec.code == corrections.SPEC.code and enrollment.status == "released":
            _open_reentry_after_corrections(actor, enrollment, on_date)
    return enrollment


def _open_reentry_after_corrections(actor: Actor, released: Enrollment, on_date: dt.date) -> None:
    """Release from corrections hands the person to 安置帮教 (domain-rules §1.11, §2.2)."""
    spec = reentry.SPEC
    if Enrollment.objects.filter(
        person=released.person, program=spec.storage_code, ended_on__isnull=True
    ).exists():
        return
    details = spec.clean_details({"source": "corrections", "released_on": on_date.isoformat()})
    planned_end = spec.planned_end(on_date, details)
    level = spec.initial_level(details)
    follow_on = Enrollment(
        person=released.person,
        program=spec.storage_code,
        status=spec.initial_status(details),
        level=level,
        category=spec.category(details),
        owner_agency=released.owner_agency,
        responsible_worker=released.responsible_worker,
        started_on=on_date,
        planned_end_on=planned_end,
        source_enrollment=released,
    )
    follow_on.details = details
    follow_on.save()
    LevelChange.objects.create(
        enrollment=follow_on,
        to_level=level,
        effective_on=on_date,
        reason=_("解除社区矫正后自动转入安置帮教"),
        changed_by=actor.user,
    )
    _create_deadlines(follow_on, spec.deadlines_on_enroll(on_date, details, planned_end))
    plan_next_contact(follow_on, spec, after=on_date)
    _audit(
        actor,
        "enrollment.create",
        follow_on,
        {"status": follow_on.status, "level": level, "source_enrollment": str(released.uuid)},
    )


def may_change_level_directly(user: Any, enrollment: Enrollment) -> bool:
    """Whether ``user`` changes the case's level without an approval: anyone who works the
    case, except where the county decides levels — then only the county's supervisor (an
    approved level-change request is carried out in that supervisor's name)."""
    if not get_spec(enrollment.program).levels_decided_by_county:
        return True
    return any(
        policy.is_bureau_supervisor_over(scope, enrollment.owner_agency)
        for scope in policy.scopes_of(user)
    )


def change_level(
    *,
    actor: Actor,
    enrollment_uuid: Any,
    level: str,
    reason: str,
    effective_on: dt.date,
    risk_level: int | None = None,
    expected_version: int | None = None,
) -> Enrollment:
    """Change the management level (with history) and reschedule the next contact."""
    with transaction.atomic():
        enrollment = policy.get_enrollment_for_user(actor.user, enrollment_uuid, write=True)
        spec = get_spec(enrollment.program)
        if enrollment.ended_on is not None:
            raise _reject("level", _("案件已结束,不能调整等级。"))
        if level not in spec.levels():
            raise _reject("level", _("该项目没有此等级。"))
        if not reason.strip():
            raise _reject("reason", _("请填写调整原因。"))
        if not may_change_level_directly(actor.user, enrollment):
            raise _reject(
                "level",
                _("社区矫正的管理等级由县司法局审批:请在“审批”中提出等级调整申请。"),
            )
        _bump(enrollment, expected_version)
        previous = enrollment.level
        enrollment.level = level
        if risk_level is not None:
            enrollment.risk_level = risk_level
        enrollment.save(update_fields=["level", "risk_level", "updated_at"])
        LevelChange.objects.create(
            enrollment=enrollment,
            from_level=previous,
            to_level=level,
            risk_level=risk_level,
            effective_on=effective_on,
            reason=reason.strip()[:300],
            changed_by=actor.user,
        )
        plan_next_contact(enrollment, spec, after=effective_on)
        _audit(
            actor,
            "enrollment.level",
            enrollment,
            {
                "from": previous,
                "to": level,
                "risk_level": risk_level,
                "on": effective_on.isoformat(),
            },
        )
    return enrollment


def record_contact(
    *,
    actor: Actor,
    enrollment_uuid: Any,
    kind: str,
    done_on: dt.date,
    outcome: str = "",
) -> Contact:
    """Record a contact that took place; it completes the planned one and plans the next."""
    if kind not in ContactKind.values:
        raise _reject("kind", _("请选择联系方式。"))
    if done_on > timezone.localdate():
        raise _reject("done_on", _("联系日期不能晚于今天。"))
    with transaction.atomic():
        enrollment = policy.get_enrollment_for_user(actor.user, enrollment_uuid, write=True)
        spec = get_spec(enrollment.program)
        if enrollment.status not in spec.scheduling_statuses:
            raise _reject(
                "__all__",
                _("当前状态为“%(status)s”,不能登记联系。")
                % {"status": spec.statuses[enrollment.status]},
            )
        if done_on < enrollment.started_on:
            raise _reject("done_on", _("联系日期不能早于登记开始日期。"))
        planned = Contact.objects.filter(
            enrollment=enrollment, status=ContactStatus.PLANNED
        ).first()
        if planned is not None:
            contact = planned
            contact.kind, contact.done_on, contact.status = kind, done_on, ContactStatus.DONE
            contact.outcome, contact.recorded_by = outcome.strip() or None, actor.user
            contact.save()
        else:
            contact = Contact.objects.create(
                enrollment=enrollment,
                kind=kind,
                due_on=done_on,
                window_ends_on=done_on,
                done_on=done_on,
                status=ContactStatus.DONE,
                outcome=outcome.strip() or None,
                recorded_by=actor.user,
            )
        Alert.objects.filter(
            enrollment=enrollment, resolved_at__isnull=True, kind__in=["contact_missed"]
        ).update(resolved_at=timezone.now())
        # Back in contact, unless a lost-contact episode is open: that one is closed by
        # mark_found after the search, which keeps the absconding clock honest.
        if (
            enrollment.lost_contact_since is not None
            and not LostContact.objects.filter(
                enrollment=enrollment, found_on__isnull=True
            ).exists()
        ):
            Enrollment.objects.filter(pk=enrollment.pk).update(lost_contact_since=None)
        plan_next_contact(enrollment, spec, after=done_on)
        _audit(
            actor,
            "contact.record",
            enrollment,
            {"contact": str(contact.uuid), "kind": kind, "done_on": done_on.isoformat()},
        )
    return contact


def assign_worker(
    *, actor: Actor, enrollment_uuid: Any, worker: Any, expected_version: int | None = None
) -> Enrollment:
    """Make ``worker`` the responsible worker (责任人); they must work for the owner agency."""
    with transaction.atomic():
        enrollment = policy.get_enrollment_for_user(actor.user, enrollment_uuid, write=True)
        if worker is not None and not policy.works_for(worker, enrollment.owner_agency_id):
            raise _reject("worker", _("责任人必须是负责机构的在职工作人员。"))
        _bump(enrollment, expected_version)
        previous = enrollment.responsible_worker
        enrollment.responsible_worker = worker
        enrollment.save(update_fields=["responsible_worker", "updated_at"])
        Alert.objects.filter(
            enrollment=enrollment, kind="unassigned", resolved_at__isnull=True
        ).update(resolved_at=timezone.now())
        _audit(
            actor,
            "enrollment.assign",
            enrollment,
            {
                "from": previous.get_username() if previous else None,
                "to": worker.get_username() if worker else None,
            },
        )
    return enrollment
