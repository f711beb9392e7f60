"""Web forms for people. They parse what the browser sends and show errors; the rules live in
``tongxin.people.validation.clean_person`` (shared with the API) and the action functions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tongxin.access import policy
from tongxin.organisation.models import Region, RegionLevel
from tongxin.people.actions import PersonRejected
from tongxin.people.models import Education, Person, Sex
from tongxin.people.validation import EDITABLE_FIELDS, clean_person

RESIDENCE_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


class RegionChoiceField(forms.ModelChoiceField):
    """Village names repeat across townships, so villages are labelled with their township."""

    def label_from_instance(self, obj: Region) -> str:
        if obj.level == RegionLevel.VILLAGE and obj.parent is not None:
            return f"{obj.parent.name} / {obj.name}"
        return obj.name


class PersonFilterForm(forms.Form):
    # Rendered by hand in people/person_list.html, which adds the live-search attributes.
    q = forms.CharField(
        label=_("查找"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("姓名、拼音、首字母、身份证号或电话")}),
    )
    township = RegionChoiceField(
        label=_("乡镇/街道"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("全部乡镇/街道"),
    )
    sex = forms.ChoiceField(
        label=_("性别"), choices=[("", _("全部")), *Sex.choices], required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        township: RegionChoiceField = self.fields["township"]  # type: ignore[assignment]
        township.queryset = policy.regions_visible_to(user).filter(level=RegionLevel.TOWNSHIP)


class PersonForm(forms.Form):
    """The editable fields of a person; ``clean`` runs ``clean_person`` and puts each of its
    messages on the field it names, keeping every typed value for the re-rendered form."""

    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    former_name = forms.CharField(label=_("曾用名"), max_length=50, required=False)
    id_number = forms.CharField(
        label=_("公民身份号码"),
        max_length=32,
        required=False,
        help_text=_("18 位或 15 位旧号码;填写后出生日期和性别可留空,由号码得出。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    sex = forms.ChoiceField(
        label=_("性别"), choices=[("", _("由身份证号码得出")), *Sex.choices], required=False
    )
    birth_date = forms.CharField(
        label=_("出生日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    ethnicity = forms.CharField(label=_("民族"), max_length=20, required=False, initial="汉族")
    education = forms.ChoiceField(
        label=_("文化程度"),
        choices=Education.choices,
        required=False,
        initial=Education.UNKNOWN,
    )
    occupation = forms.CharField(label=_("职业"), max_length=100, required=False)
    residence_region = RegionChoiceField(
        label=_("居住地"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("请选择乡镇/街道或村/社区"),
    )
    residence_address = forms.CharField(
        label=_("居住地详址"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    household_region = RegionChoiceField(
        label=_("户籍地"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("不在本辖区或不详"),
        help_text=_("户籍不在本辖区时留空,在详址中写明。"),
    )
    household_address = forms.CharField(
        label=_("户籍地详址"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    family_contacts = forms.CharField(
        label=_("家庭联系人"),
        max_length=500,
        required=False,
        help_text=_("姓名、关系、电话。"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_sealed_minor = forms.BooleanField(
        label=_("未成年人犯罪记录封存"),
        required=False,
        help_text=_("刑诉法第286条:封存的记录仅办案机关依法查询。"),
    )
    is_restricted = forms.BooleanField(
        label=_("限制查阅"), required=False, help_text=_("仅本系统主管及以上可查阅。")
    )

    # Shown with a mark; the messages for missing values come from clean_person.
    marked_required = ("name", "residence_region")
    sections = (
        (
            _("基本信息"),
            (
                "name",
                "former_name",
                "id_number",
                "sex",
                "birth_date",
                "ethnicity",
                "education",
                "occupation",
            ),
        ),
        (
            _("联系方式与住址"),
            (
                "phone",
                "residence_region",
                "residence_address",
                "household_region",
                "household_address",
                "family_contacts",
            ),
        ),
        (_("查阅限制"), ("is_sealed_minor", "is_restricted")),
    )

    def __init__(self, *args: Any, user: Any, current: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        self.person_values: dict[str, Any] = {}
        residence = policy.regions_writable_by(user).filter(level__in=RESIDENCE_LEVELS)
        household = policy.regions_visible_to(user)
        if current is not None:
            # An edit must never drop a stored region just because it is outside the lists.
            residence = residence | Region.objects.filter(pk=current.residence_region_id)
            if current.household_region_id is not None:
                household = household | Region.objects.filter(pk=current.household_region_id)
        self._set_regions("residence_region", residence)
        self._set_regions("household_region", household)

    def _set_regions(self, name: str, regions: QuerySet[Region]) -> None:
        field: RegionChoiceField = self.fields[name]  # type: ignore[assignment]
        field.queryset = regions.select_related("parent").order_by("path")

    def section_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.sections]

    def person_data(self) -> dict[str, Any]:
        """The values for the action functions: every editable field, regions resolved."""
        return {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}

    def clean(self) -> dict[str, Any] | None:
        cleaned_data = super().clean()
        result = clean_person(self.person_data())
        self.add_person_errors(result.errors)
        self.warnings = result.warnings
        self.person_values = result.values
        return cleaned_data

    def add_rejection(self, exc: PersonRejected) -> None:
        self.add_person_errors(exc.errors)

    def add_person_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            field = name if name in self.fields else None
            # A field whose value could not even be parsed already says so; one message each.
            if field is not None and field in self.errors:
                continue
            for message in messages:
                self.add_error(field if field is not None else NON_FIELD_ERRORS, message)


class CreatePersonForm(PersonForm):
    confirm_similar = forms.BooleanField(
        label=_("确认新建"),
        required=False,
        help_text=_("已核对上列同名同出生日期的人员,确认不是同一人。"),
    )


class EditPersonForm(PersonForm):
    # The version the form was opened at: update_person refuses to save over a newer one.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in EDITABLE_FIELDS}
        initial["version"] = person.version
        return initial
