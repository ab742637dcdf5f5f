from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfcareConfig(AppConfig):
    name = "planetcampus.selfcare"
    label = "selfcare"
    verbose_name = _("Self-care")
