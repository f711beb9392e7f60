from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostersConfig(AppConfig):
    name = "tongxin.rosters"
    verbose_name = _("名单导入与核对")
