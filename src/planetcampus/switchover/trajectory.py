"""The switch-over trajectory: residences switched per month, cumulated, actual against planned."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min

from planetcampus.core import clock
from planetcampus.switchover import calendar
from planetcampus.switchover.models import Entry
from planetcampus.switchover.planning import Standing, plans_for


@dataclass
class Point:
    month: date
    planned: int
    actual: int | None  # None for months to come


def _month_counts(days) -> dict[date, int]:
    counts: dict[date, int] = {}
    for day in days:
        month = calendar.month_start(day)
        counts[month] = counts.get(month, 0) + 1
    return counts


def trajectory(residences, *, months_ahead: int = 6, today: date | None = None) -> list[Point]:
    """Return one point per month from the first wave to `months_ahead` months from now.

    The planned line counts each residence once, at its first wave, or at
    its projected date when it was never selected. The actual line counts
    the switch-over dates recorded on the residences.
    """
    today = today or clock.local_today()
    ids = list(residences.values_list("pk", flat=True))
    first_waves = (Entry.objects.filter(residence_id__in=ids).exclude(status=Entry.Status.WITHDRAWN)
                   .values("residence_id").annotate(first=Min("wave__switch_on")))
    planned_on = {row["residence_id"]: row["first"] for row in first_waves}
    for plan in plans_for(residences.exclude(pk__in=planned_on), today).values():
        if plan.standing in {Standing.PLANNED, Standing.POSTPONED, Standing.SELECTED} and plan.switch_on:
            planned_on[plan.residence.pk] = plan.switch_on
    switched = list(residences.filter(switched_over_on__isnull=False, switchover_entries__isnull=False)
                    .distinct().values_list("switched_over_on", flat=True))
    return _points(_month_counts(planned_on.values()), _month_counts(switched), today, months_ahead)


def _points(planned, actual, today, months_ahead) -> list[Point]:
    this_month = calendar.month_start(today)
    first = min([*planned, *actual, this_month])
    last = calendar.add_months(today, months_ahead)
    points, month, planned_total, actual_total = [], first, 0, 0
    while month <= last:
        planned_total += planned.get(month, 0)
        actual_total += actual.get(month, 0)
        points.append(Point(month, planned_total, actual_total if month <= this_month else None))
        month = calendar.add_months(month, 1)
    return points


def svg_geometry(points: list[Point], width: int = 720, height: int = 280, margin: int = 40) -> dict:
    """Return the coordinates the SVG template draws: polylines, axis ticks and labels."""
    top = max([1, *(point.planned for point in points), *(point.actual or 0 for point in points)])
    step = (width - 2 * margin) / max(1, len(points) - 1)

    def x(index):
        return round(margin + index * step, 1)

    def y(value):
        return round(height - margin - value * (height - 2 * margin) / top, 1)

    planned = " ".join(f"{x(i)},{y(p.planned)}" for i, p in enumerate(points))
    actual = " ".join(f"{x(i)},{y(p.actual)}" for i, p in enumerate(points) if p.actual is not None)
    ticks = [{"x": x(i), "label": p.month.strftime("%m/%y")} for i, p in enumerate(points)]
    levels = sorted({0, top // 2, top})
    return {"width": width, "height": height, "margin": margin, "planned": planned, "actual": actual,
            "ticks": ticks, "levels": [{"y": y(level), "value": level} for level in levels],
            "bottom": height - margin, "right": width - margin,
            "dots": [{"x": x(i), "y": y(p.actual), "value": p.actual} for i, p in enumerate(points)
                     if p.actual is not None]}
