"""Rebuilding rollout state as of a date from the append-only history."""

from collections import defaultdict
from datetime import date

from planetcampus.rollout.models import CountTable, Meeting, ResidenceStatusChange


def residence_ids_of(residences) -> list[int]:
    """Accept a queryset, residences or ids and return the ids."""
    if hasattr(residences, "values_list"):
        return list(residences.values_list("pk", flat=True))
    return [getattr(residence, "pk", residence) for residence in residences]


def changes_until(residence_ids, as_of: date):
    """Changes of these residences effective on or before `as_of`, in the order they apply."""
    return (
        ResidenceStatusChange.objects.filter(residence_id__in=residence_ids, effective_on__lte=as_of)
        .order_by("residence_id", "effective_on", "recorded_at", "pk")
    )


def statuses_as_of(residence_ids, as_of: date) -> dict[int, dict[str, ResidenceStatusChange]]:
    """Map residence id -> topic -> the change in force on `as_of`."""
    state: dict[int, dict[str, ResidenceStatusChange]] = defaultdict(dict)
    for change in changes_until(residence_ids, as_of).iterator():
        state[change.residence_id][change.topic] = change
    return state


def meetings_as_of(crous_ids, kind: str, as_of: date) -> dict[int, list[date]]:
    """Map CROUS id -> the sorted dates of its meetings of `kind` as known on `as_of`.

    A row with `replaces_on` moves or cancels the meeting of that date. A
    kickoff is unique per CROUS, so a later kickoff row replaces any earlier one.
    """
    rows = Meeting.objects.filter(crous_id__in=crous_ids, kind=kind, effective_on__lte=as_of).order_by(
        "effective_on", "recorded_at", "pk"
    )
    dates: dict[int, set[date]] = defaultdict(set)
    for row in rows:
        if kind == Meeting.Kind.KICKOFF:
            dates[row.crous_id].clear()
        elif row.replaces_on:
            dates[row.crous_id].discard(row.replaces_on)
        if not row.cancelled:
            dates[row.crous_id].add(row.meeting_on)
    return {crous_id: sorted(days) for crous_id, days in dates.items() if days}


def count_table_as_of(kind: str, as_of: date) -> CountTable | None:
    """The latest imported count table of `kind` dated on or before `as_of`."""
    return (
        CountTable.objects.filter(kind=kind, as_of__lte=as_of)
        .order_by("-as_of", "-recorded_at", "-pk")
        .prefetch_related("rows")
        .first()
    )
