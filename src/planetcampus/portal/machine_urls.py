"""Unprefixed portal URLs: gateway entry, SSO callback, captive probes, RFC 8908 API.

The probe paths are those of the operating systems' own probe hosts
(captive.apple.com, connectivitycheck.gstatic.com, www.msftconnecttest.com,
www.msftncsi.com, detectportal.firefox.com); they reach the platform when
the residence's DNS or gateway sends those hosts here.
"""

from django.urls import path

from planetcampus.portal import machine

urlpatterns = [
    path("hotspot/", machine.hotspot, name="portal-hotspot"),
    path("hotspot/<str:identifier>/", machine.hotspot, name="portal-hotspot-nas"),
    path("sso/callback/", machine.sso_callback, name="portal-sso-callback"),
    path("captive-portal/api/", machine.captive_api, name="portal-captive-api"),
    path("captive-portal/api/<str:mac>/", machine.captive_api, name="portal-captive-api-mac"),
    # Apple (iOS, macOS)
    path("hotspot-detect.html", machine.apple_probe, name="probe-apple"),
    path("library/test/success.html", machine.apple_probe, name="probe-apple-library"),
    # Android, ChromeOS, Chrome
    path("generate_204", machine.android_probe, name="probe-android"),
    path("gen_204", machine.android_probe, name="probe-android-short"),
    # Windows NCSI
    path("connecttest.txt", machine.windows_probe, name="probe-windows"),
    path("ncsi.txt", machine.windows_legacy_probe, name="probe-windows-legacy"),
    path("redirect", machine.windows_redirect, name="probe-windows-redirect"),
    # Firefox
    path("canonical.html", machine.firefox_canonical_probe, name="probe-firefox"),
    path("success.txt", machine.firefox_success_probe, name="probe-firefox-success"),
]
