from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AaaConfig(AppConfig):
    name = "planetcampus.aaa"
    label = "aaa"
    verbose_name = _("AAA back end")
