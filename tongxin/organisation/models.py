"""Regions, agencies and memberships: who works where, with which role, over which area."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县/区")
    TOWNSHIP = "township", _("乡镇/街道")
    VILLAGE = "village", _("村/社区")


class Region(models.Model):
    """A node of the administrative tree. ``path`` is the chain of codes from the root,
    e.g. ``/330000/330100/330102/330102001/``, so a subtree is one indexed prefix query."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]
        indexes = [
            # regions_in_subtree(): path LIKE '/…/330102/%'
            models.Index(fields=["path"], name="region_path_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        old_path = self.path
        self.path = (self.parent.path if self.parent else "/") + f"{self.code}/"
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # Moved or recoded: the whole subtree follows, or jurisdictions would break.
                Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
                )

    def is_within(self, ancestor: Region) -> bool:
        return self.path.startswith(ancestor.path)

    @property
    def township(self) -> Region | None:
        """The 乡镇/街道 this region belongs to (itself if it is one)."""
        node: Region | None = self
        while node is not None and node.level != RegionLevel.TOWNSHIP:
            node = node.parent
        return node


class AgencyKind(models.TextChoices):
    JUSTICE_BUREAU = "justice_bureau", _("司法局")
    JUSTICE_OFFICE = "justice_office", _("司法所")
    POLICE_BUREAU = "police_bureau", _("公安局")
    POLICE_STATION = "police_station", _("派出所")
    HEALTH_BUREAU = "health_bureau", _("卫健局")
    TOWNSHIP_HEALTH_CENTRE = "health_centre", _("乡镇卫生院")
    CDC = "cdc", _("疾控中心")
    CIVIL_AFFAIRS = "civil_affairs", _("民政局")
    HUMAN_RESOURCES = "human_resources", _("人社局")
    DISABLED_FEDERATION = "disabled_federation", _("残联")
    PROCURATORATE = "procuratorate", _("检察院")


class Sector(models.TextChoices):
    """Agencies of one sector share case files (a 司法所 and its 司法局)."""

    JUSTICE = "justice", _("司法行政")
    POLICE = "police", _("公安")
    HEALTH = "health", _("卫生健康")
    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    HUMAN_RESOURCES = "human_resources", _("人社")
    DISABILITY = "disability", _("残联")
    PROCURATORATE = "procuratorate", _("检察")


SECTOR_OF_KIND: dict[str, str] = {
    AgencyKind.JUSTICE_BUREAU: Sector.JUSTICE,
    AgencyKind.JUSTICE_OFFICE: Sector.JUSTICE,
    AgencyKind.POLICE_BUREAU: Sector.POLICE,
    AgencyKind.POLICE_STATION: Sector.POLICE,
    AgencyKind.HEALTH_BUREAU: Sector.HEALTH,
    AgencyKind.TOWNSHIP_HEALTH_CENTRE: Sector.HEALTH,
    AgencyKind.CDC: Sector.HEALTH,
    AgencyKind.CIVIL_AFFAIRS: Sector.CIVIL_AFFAIRS,
    AgencyKind.HUMAN_RESOURCES: Sector.HUMAN_RESOURCES,
    AgencyKind.DISABLED_FEDERATION: Sector.DISABILITY,
    AgencyKind.PROCURATORATE: Sector.PROCURATORATE,
}

# The procuratorate supervises the legality of corrections work (社区矫正法 art 8): it reads
# justice-sector files in its area and writes nothing.
READ_ONLY_KINDS = frozenset({AgencyKind.PROCURATORATE})


class Agency(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=24, choices=AgencyKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("辖区"), on_delete=models.PROTECT, related_name="agencies"
    )
    # The office line shown where another agency must reach the case owner (e.g. the risk
    # alert a 派出所 sees names the responsible doctor and this number).
    phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["region__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="agency_unique_name_region")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        return SECTOR_OF_KIND[self.kind]


class Role(models.TextChoices):
    WORKER = "worker", _("工作人员")
    SUPERVISOR = "supervisor", _("主管")
    AGENCY_ADMIN = "agency_admin", _("机构管理员")
    VIEWER = "viewer", _("只读")
    TEAM_MEMBER = "team_member", _("小组成员")


WRITING_ROLES = frozenset({Role.WORKER, Role.SUPERVISOR, Role.AGENCY_ADMIN})
# Restricted files (限制名单, sealed juvenile records) are opened by supervisors only.
RESTRICTED_ROLES = frozenset({Role.SUPERVISOR, Role.AGENCY_ADMIN})


class Membership(models.Model):
    """user × agency × role × jurisdiction (a subtree of the agency's own region)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        Region, verbose_name=_("管辖范围"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_user_agency_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency} ({self.get_role_display()})"

    def clean(self) -> None:
        if (
            self.jurisdiction_id
            and self.agency_id
            and not self.jurisdiction.is_within(self.agency.region)
        ):
            raise ValidationError(
                {
                    "jurisdiction": _("管辖范围必须在机构辖区(%(region)s)之内。")
                    % {"region": self.agency.region.name}
                }
            )

    @property
    def sector(self) -> str:
        return SECTOR_OF_KIND[self.agency.kind]

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES and self.agency.kind not in READ_ONLY_KINDS
