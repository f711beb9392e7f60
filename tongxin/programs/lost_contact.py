"""Lost contact (失去联系 / 脱管): flag an episode, search, notify the police, mark found.

When contact is lost the agency searches at once, with the help of the police [S] 社区矫正法
art 30; searches are by phone, information checks and field visits, recorded with their
outcome, and the police are notified if the person is not found [M] 实施办法 ~art 38. The
days since the episode began drive the sanction suggestions (``measures.suggestions_for``).

Episodes exist for the programs that supervise a person under a legal measure or an aid
duty (corrections, reentry, drug rehabilitation). Voluntary and health programs do not track
people who stop coming: HIV uses lost-to-follow-up (the scan), and notifying the police there
would disclose the status (艾滋病防治条例 art 39).
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.access import policy
from tongxin.audit.record import Actor
from tongxin.programs.actions import _audit, _reject
from tongxin.programs.models import Enrollment, LostContact, SearchAction
from tongxin.programs.registry import get_spec

SEARCH_PROGRAMS = frozenset({"corrections", "reentry", "drug_rehab"})
# Searches recorded by hand; the police are asked through notify_police, which dates it.
SEARCH_METHODS = frozenset({"phone", "visit", "info_check"})


def open_episode(enrollment: Enrollment) -> LostContact | None:
    return LostContact.objects.filter(enrollment=enrollment, found_on__isnull=True).first()


def open_episode_to_act_on(enrollment: Enrollment) -> LostContact:
    """The open episode, which the screens and the API act on through its case; refused
    (the case is in scope, so not a 404) when the case has none."""
    episode = open_episode(enrollment)
    if episode is None:
        raise _reject("__all__", _("此人目前没有未结束的失联记录;如已失去联系,请先登记失联。"))
    return episode


def days_absconded(episode: LostContact, today: dt.date) -> int:
    """Days out of contact: from ``since_on`` to the day found, or to ``today`` while open."""
    until = episode.found_on or today
    return max((until - episode.since_on).days, 0)


def _episode_for_user(actor: Actor, episode_uuid: Any) -> LostContact:
    """The episode if ``actor`` works its case, else Http404; locked for the update."""
    try:
        parsed = (
            episode_uuid
            if isinstance(episode_uuid, uuid_module.UUID)
            else uuid_module.UUID(str(episode_uuid))
        )
        return (
            LostContact.objects.select_for_update()
            .select_related("enrollment__person", "enrollment__owner_agency")
            .get(
                uuid=parsed,
                enrollment__in=policy.enrollments_visible_to(actor.user, write=True),
            )
        )
    except (LostContact.DoesNotExist, ValueError) as exc:
        raise Http404("no such episode in your scope") from exc


def _open(episode: LostContact) -> None:
    if episode.found_on is not None:
        raise _reject(
            "__all__",
            _("此次失联已于 %(d)s 找到本人并结束。") % {"d": episode.found_on.isoformat()},
        )


def _check_day(field: str, day: dt.date, episode: LostContact) -> None:
    if day > timezone.localdate():
        raise _reject(field, _("日期不能晚于今天。"))
    if day < episode.since_on:
        raise _reject(
            field, _("日期不能早于失联日期 %(d)s。") % {"d": episode.since_on.isoformat()}
        )


def flag_lost_contact(*, actor: Actor, enrollment_uuid: Any, since_on: dt.date) -> LostContact:
    """Open a lost-contact episode; the case is marked out of contact if it is not already."""
    with transaction.atomic():
        enrollment: Enrollment = policy.get_enrollment_for_user(
            actor.user, enrollment_uuid, write=True
        )
        if get_spec(enrollment.program).code not in SEARCH_PROGRAMS:
            raise _reject("__all__", _("该项目不登记失联查找。"))
        if enrollment.ended_on is not None:
            raise _reject("__all__", _("案件已结束,不能登记失联。"))
        if since_on > timezone.localdate():
            raise _reject("since_on", _("失联日期不能晚于今天。"))
        if since_on < enrollment.started_on:
            raise _reject(
                "since_on",
                _("失联日期不能早于登记开始日期 %(d)s。")
                % {"d": enrollment.started_on.isoformat()},
            )
        current = open_episode(enrollment)
        if current is not None:
            raise _reject(
                "since_on",
                _("此人自 %(d)s 起的失联尚未结束,请在该记录中继续登记查找。")
                % {"d": current.since_on.isoformat()},
            )
        episode = LostContact.objects.create(
            enrollment=enrollment, since_on=since_on, flagged_by=actor.user
        )
        # The scan may already have marked the case from an earlier missed contact; keep it.
        if enrollment.lost_contact_since is None:
            enrollment.lost_contact_since = since_on
            Enrollment.objects.filter(pk=enrollment.pk).update(lost_contact_since=since_on)
        _audit(
            actor,
            "lost_contact.flag",
            enrollment,
            {"episode": str(episode.uuid), "since_on": since_on.isoformat()},
        )
    return episode


def record_search(
    *, actor: Actor, episode_uuid: Any, on_date: dt.date, method: str, outcome: str
) -> SearchAction:
    """Record one search step and its outcome (records and evidence [M] ~art 38)."""
    if method not in SEARCH_METHODS:
        raise _reject(
            "method",
            _("请选择查找方式:电话、实地查找或信息化核查;通报公安请使用“通报公安”。"),
        )
    if not outcome.strip():
        raise _reject("outcome", _("请填写查找结果。"))
    with transaction.atomic():
        episode = _episode_for_user(actor, episode_uuid)
        _open(episode)
        _check_day("on_date", on_date, episode)
        search = SearchAction.objects.create(
            episode=episode, on_date=on_date, method=method, outcome=outcome.strip(), by=actor.user
        )
        _audit(
            actor,
            "lost_contact.search",
            episode.enrollment,
            {"episode": str(episode.uuid), "method": method, "on": on_date.isoformat()},
        )
    return search


def notify_police(
    *, actor: Actor, episode_uuid: Any, on_date: dt.date, note: str = ""
) -> SearchAction:
    """Notify the police that the person cannot be found (社区矫正法 art 30)."""
    with transaction.atomic():
        episode = _episode_for_user(actor, episode_uuid)
        _open(episode)
        if episode.police_notified_on is not None:
            raise _reject(
                "on_date",
                _("已于 %(d)s 通报公安。") % {"d": episode.police_notified_on.isoformat()},
            )
        _check_day("on_date", on_date, episode)
        episode.police_notified_on = on_date
        episode.save(update_fields=["police_notified_on"])
        search = SearchAction.objects.create(
            episode=episode,
            on_date=on_date,
            method="police",
            outcome=note.strip() or None,
            by=actor.user,
        )
        _audit(
            actor,
            "lost_contact.notify_police",
            episode.enrollment,
            {"episode": str(episode.uuid), "on": on_date.isoformat()},
        )
    return search


def mark_found(*, actor: Actor, episode_uuid: Any, found_on: dt.date) -> LostContact:
    """Close the episode and clear the case's out-of-contact mark."""
    with transaction.atomic():
        episode = _episode_for_user(actor, episode_uuid)
        _open(episode)
        _check_day("found_on", found_on, episode)
        episode.found_on = found_on
        episode.save(update_fields=["found_on"])
        enrollment = episode.enrollment
        enrollment.lost_contact_since = None
        Enrollment.objects.filter(pk=enrollment.pk).update(lost_contact_since=None)
        _audit(
            actor,
            "lost_contact.found",
            enrollment,
            {
                "episode": str(episode.uuid),
                "found_on": found_on.isoformat(),
                "days": days_absconded(episode, found_on),
            },
        )
    return episode
