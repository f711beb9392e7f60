"""The roster upload form: the file, what kind of roster it is, and for a user who writes
for several 司法所/司法局, which of them imports it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from tongxin.access import policy
from tongxin.organisation.models import Agency
from tongxin.rosters.importing import IMPORTING_KINDS
from tongxin.rosters.reading import RosterKind

# The names officers know the documents by.
KIND_CHOICES = [
    (RosterKind.RELEASE_NOTICE.value, _lazy("刑满释放人员通知书")),
    (RosterKind.CORRECTIONS_INTAKE.value, _lazy("社区矫正人员交付名单")),
    (RosterKind.POLICE_ROSTER.value, _lazy("派出所核对名单")),
]
KIND_LABELS = dict(KIND_CHOICES)


def importing_agency_ids(user: Any) -> list[int]:
    """The 司法所/司法局 the user writes for, in the order of their memberships."""
    ids: list[int] = []
    for scope in policy.scopes_of(user):
        if scope.can_write and scope.agency_kind in IMPORTING_KINDS and scope.agency_id not in ids:
            ids.append(scope.agency_id)
    return ids


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_lazy("名单文件"),
        help_text=_lazy("Excel(.xlsx、.xls)或 CSV 文件;加密或含宏的文件不能导入。"),
    )
    kind = forms.ChoiceField(label=_lazy("名单类型"), choices=KIND_CHOICES)
    agency = forms.ModelChoiceField(
        label=_lazy("导入机构"), queryset=Agency.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, agency_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(agency_ids) > 1:
            agency_field = cast(forms.ModelChoiceField, self.fields["agency"])
            agency_field.queryset = Agency.objects.filter(pk__in=agency_ids).order_by("name")
        else:
            # One agency: the pipeline takes the user's only one.
            del self.fields["agency"]

    def chosen_agency(self) -> Agency | None:
        agency: Agency | None = self.cleaned_data.get("agency")
        return agency
