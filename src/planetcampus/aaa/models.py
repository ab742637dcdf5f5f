"""What the AAA back end keeps: devices, sessions, usage, and what it sent.

Accounting sessions double as the connection log French law asks an access
provider to keep (CPCE R10-13 IV: source IP address and port, user and
terminal identifiers, for one year); they therefore copy the account's
e-mail, the MAC and the NAS as text, so they stay readable after the
account, device or NAS is deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Device(models.Model):
    """A terminal seen on the network for one account, learned from RADIUS."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="devices")
    mac = models.CharField(_("MAC address"), max_length=17, db_index=True)
    name = models.CharField(_("name"), max_length=60, blank=True, help_text=_("The name the resident gave it."))
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    randomised = models.BooleanField(_("private (randomised) address"), default=False)
    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_ssid_purpose = models.CharField(_("last network"), max_length=10, blank=True)
    # A device the user removed in self-care no longer reconnects without the portal.
    reconnect_allowed = models.BooleanField(_("reconnects without the portal"), default=True)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["-last_seen"]
        constraints = [models.UniqueConstraint(fields=["user", "mac"], name="device_unique_mac_per_user")]

    def __str__(self):
        return self.name or self.mac


class OfferProfile(models.Model):
    """Session terms of an offer for one kind of account, sent in Access-Accept."""

    offer = models.CharField(_("offer"), max_length=20, default="planetcampus")
    account_kind = models.CharField(_("account kind"), max_length=10, default="resident")
    down_kbps = models.PositiveIntegerField(_("download rate (kbit/s)"), null=True, blank=True)
    up_kbps = models.PositiveIntegerField(_("upload rate (kbit/s)"), null=True, blank=True)
    idle_timeout = models.PositiveIntegerField(_("idle timeout (s)"), default=1800)
    interim_interval = models.PositiveIntegerField(_("interim accounting interval (s)"), default=600)
    vlan = models.PositiveSmallIntegerField(_("VLAN"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer profile")
        verbose_name_plural = _("offer profiles")
        constraints = [models.UniqueConstraint(fields=["offer", "account_kind"], name="offer_profile_unique")]

    def __str__(self):
        return f"{self.offer}/{self.account_kind}"


class AccountingSession(models.Model):
    """One network session as the NAS reported it, keyed by Acct-Unique-Session-Id."""

    class ClosedBy(models.TextChoices):
        STOP = "stop", _("Accounting Stop")
        NAS_REBOOT = "nas-reboot", _("NAS restarted (Accounting-On)")
        NAS_OFF = "nas-off", _("NAS stopped (Accounting-Off)")
        SILENCE = "silence", _("no accounting for too long")

    unique_id = models.CharField(_("unique session id"), max_length=80, unique=True)
    acct_session_id = models.CharField(_("NAS session id"), max_length=120)
    nas = models.ForeignKey("estate.Nas", verbose_name=_("NAS"), null=True, on_delete=models.SET_NULL, related_name="+")
    nas_identifier = models.CharField(_("NAS identifier"), max_length=64)
    nas_ip = models.GenericIPAddressField(_("NAS address"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("user name sent"), max_length=253, blank=True)
    account = models.CharField(_("account e-mail"), max_length=254, blank=True)
    device = models.ForeignKey(Device, verbose_name=_("device"), null=True, on_delete=models.SET_NULL, related_name="sessions")
    mac = models.CharField(_("MAC address"), max_length=17, blank=True, db_index=True)
    framed_ip = models.GenericIPAddressField(_("IP address"), null=True, db_index=True)
    framed_ipv6_prefix = models.CharField(_("IPv6 prefix"), max_length=64, blank=True)
    nas_port_id = models.CharField(_("NAS port"), max_length=64, blank=True)
    called_station_id = models.CharField(_("called station"), max_length=120, blank=True)
    ssid = models.CharField(_("SSID"), max_length=32, blank=True)
    started_at = models.DateTimeField(_("start"), db_index=True)
    last_event_at = models.DateTimeField(_("last accounting"))
    stopped_at = models.DateTimeField(_("end"), null=True, blank=True, db_index=True)
    closed_by = models.CharField(_("closed by"), max_length=12, choices=ClosedBy.choices, blank=True)
    terminate_cause = models.CharField(_("terminate cause"), max_length=40, blank=True)
    session_time = models.PositiveIntegerField(_("duration (s)"), default=0)
    input_octets = models.BigIntegerField(_("octets received from the device"), default=0)
    output_octets = models.BigIntegerField(_("octets sent to the device"), default=0)
    packets = models.PositiveIntegerField(_("accounting packets"), default=0)
    received_at = models.DateTimeField(_("last received"), db_index=True)

    class Meta:
        verbose_name = _("accounting session")
        verbose_name_plural = _("accounting sessions")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["nas", "stopped_at"], name="aaa_session_nas_open"),
            models.Index(fields=["user", "stopped_at"], name="aaa_session_user_open"),
        ]

    def __str__(self):
        return f"{self.mac or self.username} @ {self.nas_identifier} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.stopped_at is None


class DailyUsage(models.Model):
    """Octets of one device on one day in Europe/Paris, split across midnight."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="daily_usage")
    device = models.ForeignKey(Device, verbose_name=_("device"), on_delete=models.CASCADE, related_name="daily_usage")
    day = models.DateField(_("day"))
    input_octets = models.BigIntegerField(_("octets received from the device"), default=0)
    output_octets = models.BigIntegerField(_("octets sent to the device"), default=0)

    class Meta:
        verbose_name = _("daily usage")
        verbose_name_plural = _("daily usage")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "device", "day"], name="daily_usage_unique_day")]


class DynamicAuthorization(models.Model):
    """One RFC 5176 Disconnect-Request or CoA-Request we sent, and how it ended."""

    class Kind(models.TextChoices):
        DISCONNECT = "disconnect", _("disconnection")
        COA = "coa", _("change of authorisation")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("pending")
        ACK = "ack", _("acknowledged")
        NAK = "nak", _("refused")
        TIMEOUT = "timeout", _("no answer")
        ERROR = "error", _("error")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    session = models.ForeignKey(AccountingSession, verbose_name=_("session"), null=True, on_delete=models.SET_NULL, related_name="dynamic_authorizations")
    nas = models.ForeignKey("estate.Nas", verbose_name=_("NAS"), null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    attributes = models.JSONField(_("attributes sent"), default=dict)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    error_cause = models.PositiveIntegerField(_("Error-Cause"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("dynamic authorisation request")
        verbose_name_plural = _("dynamic authorisation requests")
        ordering = ["-created_at"]


class LawfulExport(models.Model):
    """A connection-log export made for a judicial or administrative request."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("made by"), null=True, on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField(_("request reference"), max_length=120, help_text=_("The requisition's number."))
    criteria = models.JSONField(_("criteria"), default=dict)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("lawful-request export")
        verbose_name_plural = _("lawful-request exports")
        ordering = ["-created_at"]
