"""Rollout tracking data: dated, append-only, so any past date can be rebuilt.

Nothing here is updated in place. A new fact is a new row with the date it
takes effect (`effective_on`), and the state on a given day is the latest row
whose effective date is on or before that day. `recorded_at` orders rows that
take effect on the same day and records when the platform learnt the fact.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from planetcampus.core.clock import now


class Topic(models.TextChoices):
    CONTRACT = "contract", _("contract")
    TARGET_BANDWIDTH = "target_bandwidth", _("target bandwidth")
    WORKSITE = "worksite", _("worksite")


class ContractStatus(models.TextChoices):
    PLANETCAMPUS = "planetcampus", "PlanetCampus"
    SMARTCAMPUS = "smartcampus", "SmartCampus"
    NONE = "none", _("no contract")


class BandwidthStatus(models.TextChoices):
    DELIVERED = "delivered", pgettext_lazy("target bandwidth", "delivered")
    ORDERED = "ordered", pgettext_lazy("target bandwidth", "ordered")
    IN_STUDY = "in_study", pgettext_lazy("target bandwidth", "in study")
    NOT_NEEDED = "not_needed", pgettext_lazy("target bandwidth", "not needed")


class WorksiteStatus(models.TextChoices):
    PLANS_PENDING = "plans_pending", _("#0 plans pending")
    AUDIT = "audit", _("#1 audit in progress")
    WORKS = "works", _("#2 works in progress")
    DELIVERED = "delivered", _("#3 worksite delivered")
    NOT_NEEDED = "not_needed", pgettext_lazy("worksite", "not needed")


STATUS_CHOICES = {
    Topic.CONTRACT: ContractStatus,
    Topic.TARGET_BANDWIDTH: BandwidthStatus,
    Topic.WORKSITE: WorksiteStatus,
}


class ResidenceStatusChange(models.Model):
    """One dated change of a residence's contract, target bandwidth or worksite status."""

    residence = models.ForeignKey(
        "estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE, related_name="rollout_changes"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    # One of the values of STATUS_CHOICES[topic]; checked by services.record_change.
    status = models.CharField(_("status"), max_length=20)
    effective_on = models.DateField(_("effective on"))
    recorded_at = models.DateTimeField(_("recorded at"), default=now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("File name or form the change came from."))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("residence status change")
        verbose_name_plural = _("residence status changes")
        ordering = ["residence", "topic", "effective_on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["residence", "topic", "effective_on"], name="rollout_change_lookup")]

    def __str__(self):
        return f"{self.residence} {self.topic}={self.status} ({self.effective_on})"

    @property
    def status_label(self):
        return STATUS_CHOICES[self.topic](self.status).label


class Meeting(models.Model):
    """A CROUS kickoff meeting or steering committee, as known from `effective_on`.

    A later row for the same CROUS and kind with the same `replaces_on` date
    reschedules or cancels a meeting; see history.meetings_as_of.
    """

    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("kickoff meeting")
        STEERING = "steering", _("steering committee")

    crous = models.ForeignKey("estate.Crous", verbose_name=_("CROUS"), on_delete=models.CASCADE, related_name="rollout_meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    meeting_on = models.DateField(_("meeting date"))
    # The meeting this row reschedules or cancels (its date); empty for a new meeting.
    replaces_on = models.DateField(_("replaces the meeting of"), null=True, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    effective_on = models.DateField(_("known since"))
    recorded_at = models.DateTimeField(_("recorded at"), default=now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["crous", "kind", "effective_on", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.crous} {self.kind} {self.meeting_on}"


class CountTable(models.Model):
    """Per-CROUS counts of one of the deck's tables, as of a date.

    Used for data that only exists as counts. A CROUS absent from the table
    counts zero on that date. A later import for the same table and date
    supersedes an earlier one (rows are never edited).
    """

    class Kind(models.TextChoices):
        CONTRACTS = "contracts", _("contracts received")
        TARGET_BANDWIDTH = "target_bandwidth", _("sites at target bandwidth")
        WORKSITES = "worksites", _("residences under redeployment")

    kind = models.CharField(_("table"), max_length=20, choices=Kind.choices)
    as_of = models.DateField(_("as of"))
    recorded_at = models.DateTimeField(_("recorded at"), default=now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("count table")
        verbose_name_plural = _("count tables")
        ordering = ["kind", "as_of", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.as_of}"


class CountRow(models.Model):
    table = models.ForeignKey(CountTable, verbose_name=_("table"), on_delete=models.CASCADE, related_name="rows")
    crous = models.ForeignKey("estate.Crous", verbose_name=_("CROUS"), on_delete=models.PROTECT, related_name="+")
    # Status value -> count, with the keys of ContractStatus, BandwidthStatus or WorksiteStatus.
    counts = models.JSONField(_("counts"))
    line = models.PositiveIntegerField(_("line in the source file"), null=True, blank=True)

    class Meta:
        verbose_name = _("count row")
        verbose_name_plural = _("count rows")
        constraints = [models.UniqueConstraint(fields=["table", "crous"], name="rollout_count_row_unique_crous")]

    def __str__(self):
        return f"{self.table} {self.crous}"


class GlobalFigure(models.Model):
    """A national figure known only as a total, such as "41 % in March 2020".

    It never stands for per-CROUS numbers; views use it only for comparisons.
    """

    class Indicator(models.TextChoices):
        CONTRACTS_PLANETCAMPUS = "contracts_planetcampus", _("PlanetCampus contracts")
        TARGET_BANDWIDTH_DELIVERED = "target_bandwidth_delivered", _("sites at target bandwidth")
        WORKSITES = "worksites", _("residences under redeployment")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")

    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    # For a month figure, the last day of the month.
    as_of = models.DateField(_("as of"))
    precision = models.CharField(_("precision"), max_length=5, choices=Precision.choices, default=Precision.DAY)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    percent = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2, null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=now)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("global figure")
        verbose_name_plural = _("global figures")
        ordering = ["indicator", "as_of", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.indicator} {self.as_of}"
