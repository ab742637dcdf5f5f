from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EduroamConfig(AppConfig):
    name = "planetcampus.eduroam"
    label = "eduroam"
    verbose_name = _("eduroam")

    def ready(self):
        # Registers the purge and ingest jobs with the worker's schedule.
        from planetcampus.eduroam import schedule  # noqa: F401
