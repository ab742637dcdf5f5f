"""SLA reporting: contracts, incidents and the record of probe-file ingests.

Probe samples themselves are not Django rows: a month of 3-minute samples
for the whole network is about 14 million rows, so they live in Parquet
files under DATA_DIR and are aggregated with DuckDB (see reporting.store).
"""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WEEKDAY_CHOICES = [(1, _("Monday")), (2, _("Tuesday")), (3, _("Wednesday")), (4, _("Thursday")),
                   (5, _("Friday")), (6, _("Saturday")), (7, _("Sunday"))]


def parse_weekdays(text: str) -> tuple[int, ...]:
    """Return ISO weekdays (1 = Monday) from "1,2,3,4"; raise ValueError on anything else."""
    days = sorted({int(part) for part in text.replace(" ", "").split(",") if part})
    if not days or any(day < 1 or day > 7 for day in days):
        raise ValueError(f"invalid weekday list {text!r}: write ISO weekdays 1 (Monday) to 7 (Sunday), comma-separated.")
    return tuple(days)


def validate_weekdays(text):
    try:
        parse_weekdays(text)
    except ValueError as error:
        raise ValidationError(str(error)) from None


class SlaContract(models.Model):
    """Service-level terms shared by residences: the GTR, the evening window and the colour thresholds."""

    class GtrClock(models.TextChoices):
        ALWAYS = "24x7", _("24/7")
        BUSINESS_HOURS = "business", _("business hours (Monday–Friday 8:00–18:00, public holidays excluded)")

    name = models.CharField(_("name"), max_length=120, unique=True)
    gtr_hours = models.DecimalField(_("GTR (hours)"), max_digits=6, decimal_places=2, default=4,
                                    validators=[MinValueValidator(0)],
                                    help_text=_("Guaranteed restoration time of an incident under the operator's responsibility."))
    gtr_clock = models.CharField(_("GTR clock"), max_length=10, choices=GtrClock.choices, default=GtrClock.ALWAYS)
    evening_weekdays = models.CharField(
        _("evening days"), max_length=20, default="1,2,3,4", validators=[validate_weekdays],
        help_text=_("ISO weekdays of the 19:00–23:00 throughput figures (GDM), 1 = Monday: 1,2,3,4 is Monday to Thursday."),
    )
    availability_target_pct = models.DecimalField(
        _("availability target (%)"), max_digits=6, decimal_places=3, default=99.5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    availability_warning_pct = models.DecimalField(
        _("availability warning level (%)"), max_digits=6, decimal_places=3, default=99.0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Below this level the figure is shown in red; between it and the target, in amber."),
    )
    evening_throughput_target_mbps = models.DecimalField(
        _("evening throughput target (Mb/s)"), max_digits=8, decimal_places=2, default=5,
        validators=[MinValueValidator(0)],
    )
    latency_target_ms = models.DecimalField(_("latency target (ms)"), max_digits=8, decimal_places=2, default=50,
                                            validators=[MinValueValidator(0)])
    residences = models.ManyToManyField("estate.Residence", verbose_name=_("residences"), blank=True,
                                        related_name="sla_contracts")
    is_default = models.BooleanField(_("default contract"), default=False,
                                     help_text=_("Applies to residences that no contract lists."))

    class Meta:
        verbose_name = _("SLA contract")
        verbose_name_plural = _("SLA contracts")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                               name="sla_contract_single_default")]

    def __str__(self):
        return self.name

    @cached_property
    def weekdays(self) -> tuple[int, ...]:
        return parse_weekdays(self.evening_weekdays)


class Incident(models.Model):
    """An outage or degradation of a residence's service, with who was responsible for it."""

    class Responsibility(models.TextChoices):
        OPERATOR = "operator", _("operator")
        CROUS = "crous", _("CROUS")
        ELECTRICITY = "electricity", _("electricity supplier")
        BACKHAUL = "backhaul", _("backhaul provider")
        THIRD_PARTY = "third_party", _("third party")

    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE,
                                  related_name="incidents")
    started_at = models.DateTimeField(_("start"))
    ended_at = models.DateTimeField(_("end"), null=True, blank=True, help_text=_("Empty while the incident is open."))
    responsibility = models.CharField(_("responsibility"), max_length=20, choices=Responsibility.choices)
    planned = models.BooleanField(
        _("planned works announced in advance"), default=False,
        help_text=_("Announced works count against availability all responsibilities only."),
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("For example: Site unreachable."))
    description = models.TextField(_("description"), blank=True)
    diagnosis = models.TextField(_("diagnosis"), blank=True)
    perimeter = models.CharField(_("perimeter"), max_length=255, blank=True)
    impact = models.CharField(_("impact"), max_length=255, blank=True)
    site_informed = models.BooleanField(_("site informed"), default=False)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["residence", "started_at"])]
        constraints = [models.CheckConstraint(condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=models.F("started_at")),
                                              name="incident_ends_after_start")]

    def __str__(self):
        return f"{self.residence} – {self.title} ({self.started_at:%Y-%m-%d %H:%M})"


class IngestRun(models.Model):
    """One probe file ingested: how many samples were read, added, skipped as duplicates, and the gaps seen."""

    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=20)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    rows_read = models.BigIntegerField(_("samples read"), default=0)
    rows_added = models.BigIntegerField(_("samples added"), default=0)
    duplicates = models.BigIntegerField(_("duplicate samples ignored"), default=0)
    gap_count = models.IntegerField(_("gaps"), default=0)
    # The longest gaps: [{"residence": code, "from": iso, "to": iso, "missing": n}, ...].
    gaps = models.JSONField(_("longest gaps"), default=list, blank=True)
    months = models.JSONField(_("months"), default=list, blank=True)
    residences = models.ManyToManyField("estate.Residence", verbose_name=_("residences"), blank=True,
                                        related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("probe file ingest")
        verbose_name_plural = _("probe file ingests")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"
