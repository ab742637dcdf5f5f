from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SelfcareConfig(AppConfig):
    name = "planetcampus.selfcare"
    label = "selfcare"
    verbose_name = _("Self-care")

    def ready(self):
        from planetcampus.estate.models import Ssid
        from planetcampus.selfcare.signals import private_ssid_changed

        post_save.connect(private_ssid_changed, sender=Ssid, dispatch_uid="selfcare.private_ssid_saved")
        post_delete.connect(private_ssid_changed, sender=Ssid, dispatch_uid="selfcare.private_ssid_deleted")
