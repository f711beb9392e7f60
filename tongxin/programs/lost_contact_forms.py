"""Web forms of the lost-contact section of the case page: flag the case lost, record a
search, notify the police, mark the person found. They parse dates and keep the input; the
rules and their Chinese messages stay in ``tongxin.programs.lost_contact``, whose refusals
go back on the fields they name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.programs.forms import CaseworkForm, date_field, parse_date, select_field
from tongxin.programs.lost_contact import SEARCH_METHODS
from tongxin.programs.models import SearchAction

# The methods a worker records by hand, labelled as the model labels them; a request to the
# police has its own form, which dates the notice on the episode.
SEARCH_METHOD_LABELS: dict[str, Promise] = {
    code: label
    for code, label in SearchAction._meta.get_field("method").flatchoices
    if code in SEARCH_METHODS
}
# Which police organ was told is what the police-notice record is for; the action accepts an
# empty note, the screens and the API ask for it.
STATION_REQUIRED = _lazy("请填写通报的公安机关,例如“东城派出所”,以及联系人或回执情况。")


def police_note_errors(note: str) -> dict[str, list[str]]:
    """The refusal of a police notice that does not say which police organ was told."""
    return {} if note.strip() else {"note": [str(STATION_REQUIRED)]}


def _required_date(form: forms.Form, name: str, message: str) -> dt.date:
    parsed = parse_date(form.cleaned_data.get(name, ""))
    if parsed is None:
        raise forms.ValidationError(message)
    return parsed


class LostContactForm(CaseworkForm):
    """A form of the lost-contact section; the date fields default to today."""

    date_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for name in self.date_fields:
                self.initial.setdefault(name, timezone.localdate().isoformat())


class FlagLostContactForm(LostContactForm):
    id_prefix = "lost_contact_flag"
    date_fields = ("since_on",)
    since_on = date_field(
        _lazy("失联日期"), _lazy("最后一次能联系到本人之后的第一天;失联天数自此日起算。")
    )

    def clean_since_on(self) -> dt.date:
        return _required_date(self, "since_on", _("请填写失联日期,格式 YYYY-MM-DD。"))


class SearchForm(LostContactForm):
    id_prefix = "lost_contact_search"
    date_fields = ("on_date",)
    on_date = date_field(_lazy("查找日期"))
    method = select_field(_lazy("查找方式"), SEARCH_METHOD_LABELS, empty=_lazy("请选择"))
    outcome = forms.CharField(
        label=_lazy("查找结果"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("加密保存;只读用户只看到日期和方式。"),
    )

    def clean_on_date(self) -> dt.date:
        return _required_date(self, "on_date", _("请填写查找日期,格式 YYYY-MM-DD。"))


class PoliceNoticeForm(LostContactForm):
    id_prefix = "lost_contact_police"
    date_fields = ("on_date",)
    on_date = date_field(_lazy("通报日期"))
    note = forms.CharField(
        label=_lazy("通报的公安机关及情况"),
        required=False,
        max_length=500,
        help_text=_lazy("例如:东城派出所,值班民警已登记协查。"),
    )

    def clean_on_date(self) -> dt.date:
        return _required_date(self, "on_date", _("请填写通报日期,格式 YYYY-MM-DD。"))

    def clean(self) -> dict[str, Any] | None:
        cleaned_data = super().clean()
        self.add_casework_errors(police_note_errors(self.cleaned_data.get("note", "")))
        return cleaned_data


class FoundForm(LostContactForm):
    id_prefix = "lost_contact_found"
    date_fields = ("found_on",)
    found_on = date_field(_lazy("找到日期"), _lazy("找到本人之日;失联天数计至此日。"))

    def clean_found_on(self) -> dt.date:
        return _required_date(self, "found_on", _("请填写找到日期,格式 YYYY-MM-DD。"))


LOST_CONTACT_FORMS = (FlagLostContactForm, SearchForm, PoliceNoticeForm, FoundForm)
