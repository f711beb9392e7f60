from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "tongxin.support"
    verbose_name = _("帮扶与转介")
