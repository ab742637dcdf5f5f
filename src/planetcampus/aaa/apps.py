from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AaaConfig(AppConfig):
    name = "planetcampus.aaa"
    label = "aaa"
    verbose_name = _("AAA back end")

    def ready(self):
        # Signal receivers: the NAS cache and the re-authentication cache eviction.
        from planetcampus.aaa import nas_cache, reauth_cache, triggers  # noqa: F401

        reauth_cache._connect_access_models()
        triggers.connect()
