from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "planetcampus.rollout"
    label = "rollout"
    verbose_name = _("Rollout tracking")
