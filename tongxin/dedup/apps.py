from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedupConfig(AppConfig):
    name = "tongxin.dedup"
    verbose_name = _("疑似重复核对")
