"""State changes of rollout tracking. Each appends rows; none edits history."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from planetcampus.core import audit
from planetcampus.rollout.models import STATUS_CHOICES, CountRow, CountTable, GlobalFigure, Meeting, ResidenceStatusChange

logger = logging.getLogger(__name__)


@transaction.atomic
def record_change(residence, topic: str, status: str, effective_on: date, *, actor=None, source="", note=""):
    """Append a status change; return it, or None when it repeats the status already in force that day."""
    if topic not in STATUS_CHOICES:
        raise ValidationError(f"Unknown rollout topic {topic!r}: use one of {', '.join(STATUS_CHOICES)}.")
    if status not in STATUS_CHOICES[topic].values:
        allowed = ", ".join(STATUS_CHOICES[topic].values)
        raise ValidationError(f"Unknown {topic} status {status!r}: use one of {allowed}.")

    in_force = (
        ResidenceStatusChange.objects.filter(residence=residence, topic=topic, effective_on__lte=effective_on)
        .order_by("-effective_on", "-recorded_at", "-pk")
        .first()
    )
    if in_force and in_force.status == status and in_force.effective_on == effective_on:
        return None

    change = ResidenceStatusChange.objects.create(
        residence=residence, topic=topic, status=status, effective_on=effective_on,
        recorded_by=_user_or_none(actor), source=source[:200], note=note[:255],
    )
    audit.record(actor, "rollout.status_recorded", residence, crous=residence.crous, topic=topic, status=status,
                 effective_on=effective_on.isoformat(), source=source)
    return change


@transaction.atomic
def record_meeting(crous, kind: str, meeting_on: date, known_since: date, *, replaces_on=None, cancelled=False,
                   actor=None, source=""):
    """Append a kickoff meeting or steering committee, or move or cancel one (`replaces_on`)."""
    meeting = Meeting.objects.create(
        crous=crous, kind=kind, meeting_on=meeting_on, replaces_on=replaces_on, cancelled=cancelled,
        effective_on=known_since, recorded_by=_user_or_none(actor), source=source[:200],
    )
    audit.record(actor, "rollout.meeting_recorded", crous, crous=crous, kind=kind, meeting_on=meeting_on.isoformat(),
                 cancelled=cancelled, source=source)
    return meeting


@transaction.atomic
def record_count_table(kind: str, as_of: date, counts_by_crous: dict, *, actor=None, source="", lines=None):
    """Append a per-CROUS count table; return None when it repeats the latest one of that date."""
    cleaned = {crous: {key: value for key, value in counts.items() if value} for crous, counts in counts_by_crous.items()}
    cleaned = {crous: counts for crous, counts in cleaned.items() if counts}
    latest = CountTable.objects.filter(kind=kind, as_of=as_of).order_by("-recorded_at", "-pk").first()
    if latest and {row.crous_id: row.counts for row in latest.rows.all()} == {c.pk: v for c, v in cleaned.items()}:
        return None

    table = CountTable.objects.create(kind=kind, as_of=as_of, recorded_by=_user_or_none(actor), source=source[:200])
    CountRow.objects.bulk_create(
        CountRow(table=table, crous=crous, counts=counts, line=(lines or {}).get(crous))
        for crous, counts in cleaned.items()
    )
    audit.record(actor, "rollout.counts_recorded", table, kind=kind, as_of=as_of.isoformat(), crous_count=len(cleaned),
                 source=source)
    logger.info("count table %s as of %s recorded (%d CROUS) from %s", kind, as_of, len(cleaned), source or "-")
    return table


@transaction.atomic
def record_global_figure(indicator: str, as_of: date, *, count=None, percent=None, precision="day", actor=None,
                         source=""):
    """Append a national figure; return None when the same figure is already stored for that date."""
    existing = GlobalFigure.objects.filter(indicator=indicator, as_of=as_of).order_by("-recorded_at", "-pk").first()
    if existing and existing.count == count and existing.percent == percent and existing.precision == precision:
        return None
    figure = GlobalFigure.objects.create(indicator=indicator, as_of=as_of, count=count, percent=percent,
                                         precision=precision, source=source[:200])
    audit.record(actor, "rollout.global_figure_recorded", figure, indicator=indicator, as_of=as_of.isoformat(),
                 count=count, percent=None if percent is None else str(percent), source=source)
    return figure


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
