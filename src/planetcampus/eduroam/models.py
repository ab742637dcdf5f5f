import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def validate_host(value: str) -> None:
    if not _HOSTNAME.match(value or ""):
        raise ValidationError(
            _("%(value)s is not a valid host: write an IP address or a host name such as tld1.eduroam.fr."),
            params={"value": value},
        )


class FederationProxy(models.Model):
    """A RADIUS proxy of the national eduroam federation (a home_server in FreeRADIUS).

    Requests go to the active proxy with the lowest priority number; when it
    stops answering, FreeRADIUS fails over to the next one and probes the
    silent one with Status-Server (RFC 5997) until it answers again.
    """

    name = models.SlugField(_("name"), max_length=40, unique=True, help_text=_("Short name, for example tld1."))
    host = models.CharField(_("host"), max_length=253, validators=[validate_host])
    port = models.PositiveIntegerField(
        _("authentication port"), default=1812, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    # Name of the shared secret in the secret store (planetcampus.aaa.secrets),
    # never the secret itself.
    secret_ref = models.CharField(_("RADIUS secret reference"), max_length=120)
    priority = models.PositiveSmallIntegerField(_("priority"), default=10, help_text=_("Lower numbers are tried first."))
    active = models.BooleanField(_("active"), default=True)
    # Result of the platform's own Status-Server probe (`planetcampus eduroam
    # probe`), shown to operators. FreeRADIUS keeps its own state apart.
    last_probe_at = models.DateTimeField(_("last Status-Server probe"), null=True, blank=True)
    last_probe_ok = models.BooleanField(_("answered the last probe"), null=True, blank=True)
    last_probe_ms = models.PositiveIntegerField(_("round trip of the last probe (ms)"), null=True, blank=True)
    last_probe_error = models.CharField(_("last probe error"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("federation proxy")
        verbose_name_plural = _("federation proxies")
        ordering = ["priority", "name"]

    def __str__(self):
        return f"{self.name} ({self.host}:{self.port})"


class Authentication(models.Model):
    """One eduroam authentication seen by our FreeRADIUS, kept for the legal period.

    The eduroam service definition asks service providers to log the time,
    the outer identity, the station's MAC, the result and the
    Chargeable-User-Identity, so a home institution can trace one of its
    users; French law (CPCE L34-1) sets how long they are kept.
    """

    class Result(models.TextChoices):
        ACCEPT = "accept", _("accepted")
        REJECT = "reject", _("rejected")

    class Reason(models.TextChoices):
        ACCEPTED = "accepted", _("accepted by the home institution")
        HOME_REJECTED = "home_rejected", _("rejected by the home institution or the federation")
        FEDERATION_UNREACHABLE = "federation_unreachable", _("no federation proxy answered")
        EDUROAM_DISABLED = "eduroam_disabled", _("eduroam is not active in this residence")
        MISSING_IDENTITY = "missing_identity", _("no outer identity")
        INVALID_CHARACTERS = "invalid_characters", _("spaces or control characters in the outer identity")
        MISSING_REALM = "missing_realm", _("no realm after an @")
        SEVERAL_AT_SIGNS = "several_at_signs", _("several @ signs")
        EMPTY_USER_PART = "empty_user_part", _("nothing before the @")
        REALM_WITHOUT_DOT = "realm_without_dot", _("realm without a dot")
        INVALID_REALM = "invalid_realm", _("realm that is not a valid domain name")
        REJECTED_REALM = "rejected_realm", _("realm that eduroam cannot route")
        TOO_LONG = "too_long", _("outer identity longer than 253 characters")

    occurred_at = models.DateTimeField(_("time"), db_index=True)
    residence = models.ForeignKey(
        "estate.Residence", verbose_name=_("residence"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="eduroam_authentications",
    )
    nas = models.ForeignKey(
        "estate.Nas", verbose_name=_("NAS"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Copies of the NAS's address and name: the record must outlive the NAS.
    nas_ip_address = models.GenericIPAddressField(_("NAS address"), null=True, blank=True)
    nas_identifier = models.CharField(_("NAS identifier"), max_length=64, blank=True)
    outer_identity = models.CharField(_("outer identity"), max_length=253, blank=True)
    realm = models.CharField(_("realm"), max_length=253, blank=True, db_index=True)
    mac = models.CharField(_("MAC address"), max_length=17, blank=True, db_index=True)
    called_station_id = models.CharField(_("Called-Station-Id"), max_length=253, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    cui = models.CharField(_("Chargeable-User-Identity"), max_length=253, blank=True, db_index=True)
    operator_name = models.CharField(_("Operator-Name"), max_length=253, blank=True)
    home_server = models.CharField(_("federation proxy"), max_length=253, blank=True)
    reply_message = models.CharField(_("Reply-Message"), max_length=253, blank=True)
    # SHA-256 of the record's values: posting or ingesting the same record
    # twice stores it once.
    digest = models.CharField(_("digest"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("eduroam authentication")
        verbose_name_plural = _("eduroam authentications")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["residence", "-occurred_at"], name="eduroam_auth_residence_time")]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.outer_identity} {self.result}"
