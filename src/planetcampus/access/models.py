from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Resident(models.Model):
    """A tenant as known to the housing-management system.

    Imported from the CROUS export; `user` is set when the resident creates
    a PlanetCampus account with their code. The right to connect ends on
    `departure_on`.
    """

    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE, related_name="residents")
    dwelling = models.ForeignKey("estate.Dwelling", verbose_name=_("dwelling"), null=True, blank=True, on_delete=models.SET_NULL, related_name="residents")
    external_id = models.CharField(_("housing-system id"), max_length=64, blank=True)
    last_name = models.CharField(_("last name"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("E.164"))
    language = models.CharField(_("language"), max_length=10, default="fr")
    arrival_on = models.DateField(_("arrival"), null=True, blank=True)
    departure_on = models.DateField(_("departure"), null=True, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="resident")
    # Name of the housing export that last created or changed this record.
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set when the departure was acted on (sessions ended, private WiFi
    # closed); cleared when a later import moves the departure date.
    departure_processed_at = models.DateTimeField(_("departure processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["residence", "last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["residence", "external_id"], condition=~models.Q(external_id=""),
                name="resident_unique_external_id",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()


class CodeBatch(models.Model):
    """Visitor codes made together, printed together on one PDF sheet."""

    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE, related_name="code_batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    size = models.PositiveSmallIntegerField(_("number of codes"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("batch of visitor codes")
        verbose_name_plural = _("batches of visitor codes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.residence} – {self.created_at:%Y-%m-%d %H:%M} ({self.size})"


class ConnectionCode(models.Model):
    """An 8-character code that opens account creation on the portal.

    A resident code comes from the housing system and belongs to one
    resident; a visitor code is made by a manager with its own validity
    window, device count and session length.
    """

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("resident code")
        VISITOR = "visitor", _("visitor code")

    code = models.CharField(_("code"), max_length=8, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE, related_name="connection_codes")
    resident = models.OneToOneField(Resident, verbose_name=_("resident"), null=True, blank=True, on_delete=models.CASCADE, related_name="code")
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    max_devices = models.PositiveSmallIntegerField(_("devices"), default=3)
    session_seconds = models.PositiveIntegerField(_("session length (s)"), default=24 * 3600)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL, related_name="connection_codes")
    redeemed_at = models.DateTimeField(_("redeemed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    batch = models.ForeignKey(CodeBatch, verbose_name=_("batch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="codes")
    # How many times a resident code was sent (SMS and e-mail count as one
    # sending), and when last: the outbox key includes the count, so "send
    # again" sends a new message while a retried request does not.
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("connection code")
        verbose_name_plural = _("connection codes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["residence", "kind", "-created_at"], name="code_residence_kind_created")]

    def __str__(self):
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_valid_at(self, moment) -> bool:
        return self.revoked_at is None and self.valid_from <= moment < self.valid_until
