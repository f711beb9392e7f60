"""The one file per person (一人一档)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.lib.field_crypto import EncryptedTextField
from tongxin.lib.resident_id import mask
from tongxin.organisation.models import Agency, Region, Sector


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Education(models.TextChoices):
    NONE = "none", _("文盲/半文盲")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    POSTGRADUATE = "postgraduate", _("研究生")
    UNKNOWN = "unknown", _("不详")


class Person(models.Model):
    uuid = models.UUIDField(_("编号"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("姓名"), max_length=50)
    former_name = models.CharField(_("曾用名"), max_length=50, blank=True)
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, editable=False)
    name_initials = models.CharField(_("拼音首字母"), max_length=50, editable=False)
    name_pinyin_variants = models.CharField(
        _("多音字读法"), max_length=500, blank=True, default="", editable=False
    )
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    id_number = EncryptedTextField(_("公民身份号码"), null=True, blank=True)
    # HMAC-SHA256 of the 18-digit number: exact lookup and uniqueness without plaintext.
    id_number_index = models.CharField(max_length=64, null=True, blank=True, editable=False)
    phone = EncryptedTextField(_("联系电话"), null=True, blank=True)
    phone_index = models.CharField(max_length=64, null=True, blank=True, editable=False)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    education = models.CharField(
        _("文化程度"), max_length=16, choices=Education.choices, default=Education.UNKNOWN
    )
    occupation = models.CharField(_("职业"), max_length=100, blank=True)
    household_region = models.ForeignKey(
        Region,
        verbose_name=_("户籍地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household_address = EncryptedTextField(_("户籍地详址"), null=True, blank=True)
    residence_region = models.ForeignKey(
        Region, verbose_name=_("居住地"), on_delete=models.PROTECT, related_name="residents"
    )
    residence_address = EncryptedTextField(_("居住地详址"), null=True, blank=True)
    family_contacts = EncryptedTextField(_("家庭联系人"), null=True, blank=True)
    is_sealed_minor = models.BooleanField(
        _("未成年人犯罪记录封存"),
        default=False,
        help_text=_("刑诉法第286条:封存的记录仅办案机关依法查询。"),
    )
    is_restricted = models.BooleanField(
        _("限制查阅"), default=False, help_text=_("仅本系统主管及以上可查阅。")
    )
    owner_agency = models.ForeignKey(
        Agency, verbose_name=_("建档机构"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from owner_agency.kind so the access policy filters on one indexed column.
    owner_sector = models.CharField(_("建档系统"), max_length=20, choices=Sector.choices)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Set while this file is merged into another (tongxin.dedup): the file is kept whole but
    # leaves every list and search; its page points to the survivor. Unmerging clears it.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("已合并到"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        constraints = [
            # One file per person: an ID number can be registered once.
            models.UniqueConstraint(
                fields=["id_number_index"],
                name="person_unique_id_number",
                condition=models.Q(id_number_index__isnull=False),
            ),
        ]
        indexes = [
            # people_visible_to(): owner_sector = … AND residence_region_id IN (subtree)
            models.Index(fields=["owner_sector", "residence_region"], name="person_scope_idx"),
            # search_people(): name = / LIKE '王%'
            models.Index(fields=["name"], name="person_name_idx"),
            # search_people(): pinyin prefix and initials
            models.Index(fields=["name_pinyin"], name="person_pinyin_idx"),
            models.Index(fields=["name_initials"], name="person_initials_idx"),
            # search_people(): exact phone
            models.Index(fields=["phone_index"], name="person_phone_idx"),
            # duplicate check: same name and birth date
            models.Index(fields=["birth_date", "name"], name="person_birth_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask(self.id_number) if self.id_number else ""

    @property
    def phone_masked(self) -> str:
        if not self.phone:
            return ""
        return self.phone[:3] + "*" * max(len(self.phone) - 7, 0) + self.phone[-4:]

    @property
    def age(self) -> int:
        from django.utils import timezone

        today = timezone.localdate()
        years = today.year - self.birth_date.year
        if (today.month, today.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years
