from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "tongxin.programs"
    verbose_name = _("帮扶与管理项目")
