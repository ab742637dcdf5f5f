from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EduroamConfig(AppConfig):
    name = "planetcampus.eduroam"
    label = "eduroam"
    verbose_name = _("eduroam")
