from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwitchoverConfig(AppConfig):
    name = "planetcampus.switchover"
    label = "switchover"
    verbose_name = _("Switch-over")

    def ready(self):
        # Registers the switch-over's job kinds and planner with the worker.
        from planetcampus.switchover import schedule  # noqa: F401
