"""The roster upload forms: the file, and for a user who writes for several 司法所/司法局,
which of them acts; for an import what kind of roster it is, for a reconciliation whether
the file carries plain ID numbers or a partner's keyed hashes."""

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


class _UploadForm(forms.Form):
    """A roster file, and for a user who writes for several 司法所/司法局, which of them acts."""

    file = forms.FileField(
        label=_lazy("名单文件"),
        help_text=_lazy("Excel(.xlsx、.xls)或 CSV 文件;加密或含宏的文件不能导入。"),
    )
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


class RosterUploadForm(_UploadForm):
    field_order = ["file", "kind", "agency"]
    kind = forms.ChoiceField(label=_lazy("名单类型"), choices=KIND_CHOICES)


PLAIN_NUMBERS = "plain"
PARTNER_HASHES = "partner_hash"


class ReconcileUploadForm(_UploadForm):
    """A police roster to reconcile: with plain ID numbers, or a partner's keyed hashes
    (then the partner's name, from which the county derives the partner's key)."""

    field_order = ["file", "identifiers", "partner", "agency"]
    identifiers = forms.ChoiceField(
        label=_lazy("身份证号列"),
        choices=[
            (PLAIN_NUMBERS, _lazy("身份证号码")),
            (PARTNER_HASHES, _lazy("合作单位生成的身份证号哈希(“身份证号哈希”列)")),
        ],
        initial=PLAIN_NUMBERS,
        widget=forms.RadioSelect,
    )
    partner = forms.CharField(
        label=_lazy("合作单位名称"),
        required=False,
        max_length=100,
        help_text=_lazy("与签发哈希密钥时所用名称一致,例如“东城派出所”。"),
    )

    def __init__(self, *args: Any, agency_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, agency_ids=agency_ids, **kwargs)
        self.fields["file"].help_text = _lazy(
            "Excel(.xlsx、.xls)或 CSV 文件;加密或含宏的文件不能核对。"
        )
        if "agency" in self.fields:
            self.fields["agency"].label = _lazy("核对机构")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("identifiers") == PARTNER_HASHES and not cleaned.get("partner", "").strip():
            self.add_error("partner", _lazy("请填写提供身份证号哈希的合作单位名称。"))
        return cleaned

    def chosen_partner(self) -> str | None:
        """The partner's name for a hashed roster; None for plain ID numbers."""
        if self.cleaned_data["identifiers"] != PARTNER_HASHES:
            return None
        return str(self.cleaned_data["partner"])
