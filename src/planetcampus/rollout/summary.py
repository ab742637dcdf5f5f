"""The deck's four tables rebuilt as of any date, for a set of CROUS.

Counts of a CROUS come from whichever is newer on that date: the latest
imported count table, or its residences' own status history. On the same
day the count table wins, because it states the whole CROUS at once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from planetcampus.estate.models import Crous
from planetcampus.estate.naming import strip_accents
from planetcampus.rollout.figures import percent
from planetcampus.rollout.history import count_table_as_of, meetings_as_of
from planetcampus.rollout.models import (
    BandwidthStatus, ContractStatus, CountTable, Meeting, ResidenceStatusChange, Topic, WorksiteStatus,
)

# kind -> (topic of the residence history, shown columns, columns of the percentage's part, of its whole)
KINDS = {
    CountTable.Kind.CONTRACTS: (
        Topic.CONTRACT,
        [ContractStatus.PLANETCAMPUS, ContractStatus.SMARTCAMPUS],
        [ContractStatus.PLANETCAMPUS],
        [ContractStatus.PLANETCAMPUS, ContractStatus.SMARTCAMPUS],
    ),
    CountTable.Kind.TARGET_BANDWIDTH: (
        Topic.TARGET_BANDWIDTH,
        [BandwidthStatus.DELIVERED, BandwidthStatus.ORDERED, BandwidthStatus.IN_STUDY],
        [BandwidthStatus.DELIVERED],
        [BandwidthStatus.DELIVERED, BandwidthStatus.ORDERED, BandwidthStatus.IN_STUDY],
    ),
    CountTable.Kind.WORKSITES: (
        Topic.WORKSITE,
        [WorksiteStatus.PLANS_PENDING, WorksiteStatus.AUDIT, WorksiteStatus.WORKS, WorksiteStatus.DELIVERED],
        [WorksiteStatus.DELIVERED],
        [WorksiteStatus.PLANS_PENDING, WorksiteStatus.AUDIT, WorksiteStatus.WORKS, WorksiteStatus.DELIVERED],
    ),
}


@dataclass
class CountLine:
    crous: Crous
    counts: dict[str, int]
    part_keys: list[str]
    whole_keys: list[str]
    # "table" (imported counts) or "residences" (per-residence history), and the date it is from.
    source: str = "table"
    source_on: date | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.get(key, 0) for key in self.whole_keys)

    @property
    def part(self) -> int:
        return sum(self.counts.get(key, 0) for key in self.part_keys)

    @property
    def percent(self) -> int | None:
        return percent(self.part, self.total)

    def cells(self, columns) -> list[int]:
        return [self.counts.get(key, 0) for key in columns]


@dataclass
class CountSummary:
    kind: str
    as_of: date
    columns: list[str]
    lines: list[CountLine]
    totals: CountLine
    has_data: bool

    def column_total(self, key) -> int:
        return self.totals.counts.get(key, 0)


@dataclass
class KickoffLine:
    crous: Crous
    kickoff_on: date | None
    steering: list[date] = field(default_factory=list)

    def held(self, as_of) -> bool:
        return self.kickoff_on is not None and self.kickoff_on <= as_of


@dataclass
class KickoffSummary:
    as_of: date
    lines: list[KickoffLine]

    @property
    def held_count(self) -> int:
        return sum(1 for line in self.lines if line.held(self.as_of))

    @property
    def percent(self) -> int | None:
        return percent(self.held_count, len(self.lines))


@dataclass
class Summary:
    as_of: date
    kickoffs: KickoffSummary
    contracts: CountSummary
    target_bandwidth: CountSummary
    worksites: CountSummary

    @property
    def count_tables(self) -> list[CountSummary]:
        return [self.contracts, self.target_bandwidth, self.worksites]


def crous_sort_key(crous) -> str:
    return strip_accents(crous.name).upper()


def build_summary(as_of: date, crous_scope=None) -> Summary:
    """Rebuild the four tables on `as_of` for the CROUS of `crous_scope` (default every CROUS of the market)."""
    crous_list = sorted(crous_scope if crous_scope is not None else Crous.objects.filter(in_market=True), key=crous_sort_key)
    return Summary(
        as_of=as_of,
        kickoffs=kickoff_summary(as_of, crous_list),
        contracts=count_summary(CountTable.Kind.CONTRACTS, as_of, crous_list),
        target_bandwidth=count_summary(CountTable.Kind.TARGET_BANDWIDTH, as_of, crous_list),
        worksites=count_summary(CountTable.Kind.WORKSITES, as_of, crous_list),
    )


def kickoff_summary(as_of, crous_list) -> KickoffSummary:
    ids = [crous.pk for crous in crous_list if crous.in_market]
    kickoffs = meetings_as_of(ids, Meeting.Kind.KICKOFF, as_of)
    steering = meetings_as_of(ids, Meeting.Kind.STEERING, as_of)
    lines = [
        KickoffLine(crous, (kickoffs.get(crous.pk) or [None])[0], steering.get(crous.pk, []))
        for crous in crous_list if crous.in_market
    ]
    return KickoffSummary(as_of, lines)


def count_summary(kind, as_of, crous_list) -> CountSummary:
    topic, columns, part_keys, whole_keys = KINDS[kind]
    table = count_table_as_of(kind, as_of)
    table_counts = {row.crous_id: row.counts for row in table.rows.all()} if table else {}
    residence_counts, residence_dates = _residence_counts(topic, as_of, crous_list)

    lines = []
    for crous in crous_list:
        newer_residences = crous.pk in residence_dates and (table is None or residence_dates[crous.pk] > table.as_of)
        if newer_residences:
            line = CountLine(crous, residence_counts[crous.pk], part_keys, whole_keys, "residences", residence_dates[crous.pk])
        else:
            line = CountLine(crous, dict(table_counts.get(crous.pk, {})), part_keys, whole_keys, "table",
                             table.as_of if table else None)
        if any(line.counts.get(key) for key in columns):
            lines.append(line)

    totals = defaultdict(int)
    for line in lines:
        for key, value in line.counts.items():
            totals[key] += value
    has_data = table is not None or bool(residence_dates)
    return CountSummary(kind, as_of, columns, lines, CountLine(None, dict(totals), part_keys, whole_keys), has_data)


def _residence_counts(topic, as_of, crous_list):
    """Count each CROUS's residences by status on `as_of`, with the date of its latest change."""
    changes = (
        ResidenceStatusChange.objects.filter(residence__crous__in=[c.pk for c in crous_list], topic=topic,
                                             effective_on__lte=as_of)
        .order_by("residence_id", "effective_on", "recorded_at", "pk")
        .values_list("residence_id", "residence__crous_id", "status", "effective_on")
    )
    in_force = {}
    for residence_id, crous_id, status, effective_on in changes:
        in_force[residence_id] = (crous_id, status, effective_on)

    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    latest: dict[int, date] = {}
    for crous_id, status, effective_on in in_force.values():
        counts[crous_id][status] += 1
        latest[crous_id] = max(latest.get(crous_id, effective_on), effective_on)
    return {crous_id: dict(values) for crous_id, values in counts.items()}, latest
