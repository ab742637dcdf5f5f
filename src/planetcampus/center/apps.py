from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CenterConfig(AppConfig):
    name = "planetcampus.center"
    label = "center"
    verbose_name = _("Manager center")

    def ready(self):
        # Registers the daily departures job with the worker's schedule.
        from planetcampus.center import schedule  # noqa: F401
