"""Headline figures and their comparison with an earlier date ("58 % vs 41 % in March 2020").

An earlier value comes from the tables rebuilt on that date. For the whole
market only, a national figure stored for that exact date (known only as a
total, such as the March 2020 percentages) fills in where no table exists.
National figures never stand in for a subset of CROUS.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from planetcampus.rollout.figures import percent
from planetcampus.rollout.models import CountTable, GlobalFigure, ResidenceStatusChange
from planetcampus.rollout.summary import Summary, build_summary

Indicator = GlobalFigure.Indicator
LABELS = {
    Indicator.CONTRACTS_PLANETCAMPUS: _("PlanetCampus contracts"),
    Indicator.TARGET_BANDWIDTH_DELIVERED: _("Sites at target bandwidth"),
    Indicator.WORKSITES: _("Residences under redeployment"),
}
# Most points drawn on the progress chart.
MAX_POINTS = 36


@dataclass
class Figure:
    percent: int | None
    count: int | None


@dataclass
class Point:
    on: date
    precision: str = GlobalFigure.Precision.DAY


@dataclass
class Headline:
    indicator: str
    label: str
    now: Figure
    earlier: Figure | None
    earlier_point: Point | None


def figures_of(summary: Summary) -> dict[str, Figure | None]:
    """Return the three headline figures of a summary, None where no data existed on its date."""
    contracts, bandwidth, worksites = summary.contracts, summary.target_bandwidth, summary.worksites
    return {
        Indicator.CONTRACTS_PLANETCAMPUS:
            Figure(contracts.totals.percent, contracts.totals.part) if contracts.has_data else None,
        Indicator.TARGET_BANDWIDTH_DELIVERED:
            Figure(bandwidth.totals.percent, bandwidth.totals.part) if bandwidth.has_data else None,
        # Share of the contracted estate under redeployment: worksites over all contracts.
        Indicator.WORKSITES:
            Figure(percent(worksites.totals.total, contracts.totals.total), worksites.totals.total)
            if worksites.has_data else None,
    }


def national_figures(on: date) -> dict[str, Figure]:
    """Return the latest national figure of each indicator stored for exactly `on`."""
    result = {}
    for figure in GlobalFigure.objects.filter(as_of=on).order_by("recorded_at", "pk"):
        share = None if figure.percent is None else int(figure.percent.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        result[figure.indicator] = Figure(share, figure.count)
    return result


def headlines(summary: Summary, crous_scope, compare_on: date | None, *, national: bool) -> list[Headline]:
    now = figures_of(summary)
    earlier, point = {}, None
    if compare_on:
        point = Point(compare_on, _precision_of(compare_on))
        earlier = figures_of(build_summary(compare_on, crous_scope))
        if national:
            for indicator, figure in national_figures(compare_on).items():
                earlier[indicator] = earlier.get(indicator) or figure
    return [
        Headline(indicator, LABELS[indicator], now[indicator] or Figure(None, 0), earlier.get(indicator), point)
        for indicator in LABELS
    ]


def _precision_of(on: date) -> str:
    figure = GlobalFigure.objects.filter(as_of=on).first()
    return figure.precision if figure else GlobalFigure.Precision.DAY


def comparison_points(before: date, *, national: bool) -> list[Point]:
    """Dates worth comparing with, newest first: count table dates and, for the market, national figures."""
    points = {day: Point(day) for day in CountTable.objects.filter(as_of__lt=before).values_list("as_of", flat=True)}
    if national:
        for day, precision in GlobalFigure.objects.filter(as_of__lt=before).values_list("as_of", "precision"):
            points.setdefault(day, Point(day, precision))
    return sorted(points.values(), key=lambda point: point.on, reverse=True)


def default_comparison(as_of: date, *, national: bool) -> date | None:
    """Return the latest comparison point before the newest count table on or before `as_of`.

    Comparing with the table's own date would show the same figures twice,
    for example when today is long after the last steering committee.
    """
    newest = CountTable.objects.filter(as_of__lte=as_of).order_by("-as_of").values_list("as_of", flat=True).first()
    earlier = [point.on for point in comparison_points(newest or as_of, national=national)]
    return earlier[0] if earlier else None


def timeline(until: date, crous_scope, *, national: bool) -> list[tuple[Point, dict[str, Figure | None]]]:
    """Headline figures at each known date up to `until`, oldest first, for the progress chart.

    The dates are those of count tables, national figures (market only) and
    the end of each month in which residences changed.
    """
    points = {point.on: point for point in comparison_points(until, national=national)}
    points[until] = Point(until)
    for day in ResidenceStatusChange.objects.filter(effective_on__lte=until).dates("effective_on", "month"):
        month_end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        points.setdefault(min(month_end, until), Point(min(month_end, until)))
    chosen = sorted(points.values(), key=lambda point: point.on)[-MAX_POINTS:]

    series = []
    for point in chosen:
        figures = figures_of(build_summary(point.on, crous_scope))
        if national:
            for indicator, figure in national_figures(point.on).items():
                figures[indicator] = figures.get(indicator) or figure
        series.append((point, figures))
    return series
