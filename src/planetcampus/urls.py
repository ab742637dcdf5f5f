"""Root URLs.

Pages people read are under a language prefix (/fr/, /en/, /de/, /es/,
/zh-hans/); the language comes from the URL, then the language cookie, then
Accept-Language. Machine interfaces (RADIUS, captive probes, the RFC 8908
API) have no prefix.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("radius/", include("planetcampus.aaa.urls")),
    path("", include("planetcampus.portal.machine_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("planetcampus.core.urls")),
    path("accounts/", include("planetcampus.accounts.urls")),
    path("operator/", include("planetcampus.estate.urls")),
    path("portal/", include("planetcampus.portal.urls")),
    path("selfcare/", include("planetcampus.selfcare.urls")),
    path("center/", include("planetcampus.center.urls")),
    path("rollout/", include("planetcampus.rollout.urls")),
    path("switchover/", include("planetcampus.switchover.urls")),
    path("reporting/", include("planetcampus.reporting.urls")),
    path("eduroam/", include("planetcampus.eduroam.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)

admin.site.site_header = "PlanetCampus"
admin.site.site_title = "PlanetCampus"
