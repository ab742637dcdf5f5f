from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstateConfig(AppConfig):
    name = "planetcampus.estate"
    label = "estate"
    verbose_name = _("Estate")
