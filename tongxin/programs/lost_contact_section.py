"""The lost-contact section of the case page: the open episode (since when, days absconded,
searches, the police notice) with its forms, the closed episodes, or the form to flag the
case lost.

Who sees what: everyone who may read the case sees the episodes — the police are notified
of them and help search (社区矫正法 art 30), the procuratorate receives the search report
(实施办法 ~art 38). What a search found and what the police were told are casework notes,
shown like contact notes only to those who may work the case. The forms are for them too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from tongxin.programs.forms import CaseworkForm
from tongxin.programs.lost_contact import SEARCH_PROGRAMS, days_absconded
from tongxin.programs.lost_contact_forms import (
    LOST_CONTACT_FORMS,
    FlagLostContactForm,
    FoundForm,
    PoliceNoticeForm,
    SearchForm,
)
from tongxin.programs.models import Enrollment, LostContact
from tongxin.programs.registry import get_spec


def _name(user: Any) -> str:
    name: str = user.get_full_name() or user.get_username()
    return name


@dataclass(frozen=True)
class SearchRow:
    on_date: dt.date
    method_label: str
    outcome: str | None  # None for readers
    by: str


@dataclass(frozen=True)
class EpisodeView:
    episode: LostContact
    days: int
    flagged_by: str
    searches: list[SearchRow]
    # The police notice is a search step too; its note says which police organ was told.
    police: SearchRow | None


@dataclass
class LostContactForms:
    flag: FlagLostContactForm | None = None
    search: SearchForm | None = None
    police: PoliceNoticeForm | None = None
    found: FoundForm | None = None
    # Messages of a refused form that none of its shown fields can carry.
    problems: list[str] = field(default_factory=list)


@dataclass
class LostContactSection:
    open: EpisodeView | None
    closed: list[EpisodeView]
    casework: bool
    forms: LostContactForms | None
    # The page's refused form is a lost-contact form, shown here with its errors.
    shows_refusal: bool = False


def _episode_view(episode: LostContact, today: dt.date, *, casework: bool) -> EpisodeView:
    searches = [
        (
            search.method,
            SearchRow(
                on_date=search.on_date,
                method_label=str(search.get_method_display()),
                outcome=(search.outcome or "") if casework else None,
                by=_name(search.by),
            ),
        )
        for search in episode.searches.all()
    ]
    return EpisodeView(
        episode=episode,
        days=days_absconded(episode, today),
        flagged_by=_name(episode.flagged_by),
        searches=[row for _method, row in searches],
        police=next((row for method, row in searches if method == "police"), None),
    )


def _forms(
    enrollment: Enrollment, episode: LostContact | None, bound: CaseworkForm | None
) -> LostContactForms:
    """The forms the episode's state allows, with the refused one (if any) as posted."""
    forms = LostContactForms()
    if episode is None:
        if enrollment.ended_on is None:
            forms.flag = FlagLostContactForm()
    else:
        forms.search = SearchForm()
        if episode.police_notified_on is None:
            forms.police = PoliceNoticeForm()
        forms.found = FoundForm()
    if bound is None:
        return forms
    slots: dict[type[CaseworkForm], str] = {
        FlagLostContactForm: "flag",
        SearchForm: "search",
        PoliceNoticeForm: "police",
        FoundForm: "found",
    }
    slot = slots[type(bound)]
    # The refused form replaces its blank twin if the page still offers it (another user may
    # have closed the episode meanwhile): its field errors then show in place.
    shown = getattr(forms, slot) is not None
    if shown:
        setattr(forms, slot, bound)
    for name, errors in bound.errors.items():
        if name == NON_FIELD_ERRORS or not shown:
            forms.problems += [str(message) for message in errors]
    return forms


def lost_contact_section(
    enrollment: Enrollment, *, casework: bool, bound: CaseworkForm | None = None
) -> LostContactSection | None:
    """The section for the case page, or None for programs that do not search for people.

    ``casework``: the viewer may work the case (sees notes and forms); ``bound``: the refused
    form of the page, shown here as posted if it is a lost-contact form."""
    if get_spec(enrollment.program).code not in SEARCH_PROGRAMS:
        return None
    today = timezone.localdate()
    episodes = list(
        LostContact.objects.filter(enrollment=enrollment)
        .select_related("flagged_by")
        .prefetch_related("searches__by")
        .order_by("-since_on", "-id")
    )
    views = [_episode_view(episode, today, casework=casework) for episode in episodes]
    current = next((view for view in views if view.episode.found_on is None), None)
    refused = bound if isinstance(bound, LOST_CONTACT_FORMS) else None
    return LostContactSection(
        open=current,
        closed=[view for view in views if view is not current],
        casework=casework,
        forms=_forms(enrollment, current.episode if current else None, refused)
        if casework
        else None,
        shows_refusal=casework and refused is not None,
    )
