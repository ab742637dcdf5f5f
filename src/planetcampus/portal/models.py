"""What the portal keeps between the gateway's redirect and the hand-back.

Captive mini-browsers may drop cookies between two openings, so the whole
flow lives in a PortalVisit row named by an opaque key that travels in the
URL (`?v=`) and, for single sign-on, in the OAuth `state` parameter.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalVisit(models.Model):
    """One arrival of a client on the portal, with the gateway's parameters."""

    key = models.CharField(_("key"), max_length=43, unique=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    language = models.CharField(_("language"), max_length=10, default="fr")

    # Gateway context, empty when someone opens the portal directly.
    nas = models.ForeignKey("estate.Nas", verbose_name=_("NAS"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    vendor = models.CharField(_("gateway vendor"), max_length=20, blank=True)
    client_mac = models.CharField(_("client MAC"), max_length=17, blank=True, db_index=True)
    client_ip = models.GenericIPAddressField(_("client IP"), null=True, blank=True, db_index=True)
    ssid = models.CharField(_("SSID"), max_length=64, blank=True)
    original_url = models.URLField(_("original URL"), max_length=2000, blank=True)
    # True only when the gateway proved it sent the parameters (CoovaChilli
    # `md` checked with the UAM secret, or openNDS hid): only then is the
    # original URL followed without asking.
    gateway_verified = models.BooleanField(_("gateway parameters verified"), default=False)
    gateway = models.JSONField(_("gateway parameters"), default=dict, blank=True)

    # Progress through the sign-in paths.
    code = models.ForeignKey("access.ConnectionCode", verbose_name=_("connection code"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sso_state = models.CharField(_("SSO state"), max_length=64, blank=True, db_index=True)
    sso_nonce = models.CharField(_("SSO nonce"), max_length=64, blank=True)
    sso_code_verifier = models.CharField(_("SSO code verifier"), max_length=128, blank=True)
    sso_claims = models.JSONField(_("SSO identity"), default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="portal_visits")
    signed_in_at = models.DateTimeField(_("signed in"), null=True, blank=True)
    session_ends_at = models.DateTimeField(_("network session ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("portal visit")
        verbose_name_plural = _("portal visits")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.client_mac or '-'} {self.created_at:%Y-%m-%d %H:%M}"


class PortalLogin(models.Model):
    """A one-time credential handed to the gateway after a portal sign-in.

    The gateway sends it in a captive Access-Request; the AAA back end
    checks it with `handoff.verify_one_time_credentials`, which marks it
    used. The password is random (95 bits), so a SHA-256 digest is enough
    and keeps each RADIUS check fast.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="portal_logins")
    visit = models.ForeignKey(PortalVisit, verbose_name=_("portal visit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="logins")
    username = models.CharField(_("user name"), max_length=32, unique=True)
    password_hash = models.CharField(_("password digest"), max_length=64)
    client_mac = models.CharField(_("client MAC"), max_length=17, blank=True)
    nas = models.ForeignKey("estate.Nas", verbose_name=_("NAS"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ssid = models.CharField(_("SSID"), max_length=64, blank=True)
    session_seconds = models.PositiveIntegerField(_("session length (s)"), default=0)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("portal login")
        verbose_name_plural = _("portal logins")
        ordering = ["-created_at"]

    def __str__(self):
        return self.username
