"""Monthly KPIs per residence and per CROUS, the columns of the CROUS dashboards.

Definitions (also in docs/reporting.md):

- Month: [1st 00:00, next 1st 00:00) Europe/Paris; its real length in seconds
  is the denominator of availability (696 h in February 2020, 743 h in
  March 2020).
- Downtime: the union of incident intervals and of unreachable probe rounds
  (each unreachable sample stands for the probe interval that follows it),
  clipped to the month. An unreachable round that no incident explains is
  presumed to be the operator's. Missing samples are not downtime: they
  lower the sample counts shown beside each figure.
- Availability under the operator's responsibility excludes incidents of
  other parties and announced planned works; availability all
  responsibilities excludes nothing.
- Max latency: the highest latency sample of the month (a ping round's median).
- Throughput: min and mean of the available throughput per user; the
  evening figures (GDM) keep samples in [19:00, 23:00) Paris time on the
  contract's evening days (Monday to Thursday by default).
- Out of GTR: operator incidents, not planned, started in the month, whose
  restoration time in the contract's clock exceeds the GTR.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q

from planetcampus.core.clock import now
from planetcampus.reporting import store
from planetcampus.reporting.periods import Month, business_seconds, clip, union_seconds
from planetcampus.reporting.remarks import incident_remark

PROBE_INTERVAL = timedelta(seconds=180)


@dataclass
class ResidenceKpis:
    residence: object
    month: Month
    contract: object
    samples: int = 0
    expected_samples: int = 0
    unreachable_samples: int = 0
    downtime_operator_seconds: float = 0.0
    downtime_all_seconds: float = 0.0
    availability_operator_pct: float | None = None
    availability_all_pct: float | None = None
    latency_max_ms: float | None = None
    latency_samples: int = 0
    throughput_min_mbps: float | None = None
    throughput_mean_mbps: float | None = None
    throughput_samples: int = 0
    evening_min_mbps: float | None = None
    evening_mean_mbps: float | None = None
    evening_samples: int = 0
    incidents_out_of_gtr: int = 0
    incidents: list = field(default_factory=list)
    remarks: list = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.samples or self.incidents)

    @property
    def coverage_pct(self) -> float | None:
        return 100 * self.samples / self.expected_samples if self.expected_samples else None


@dataclass
class CrousKpis:
    """A CROUS row: the mean of its residences' figures and the sum of their incidents out of GTR."""

    crous: object
    month: Month
    residences: int = 0
    residences_with_data: int = 0
    availability_operator_pct: float | None = None
    availability_all_pct: float | None = None
    latency_max_ms: float | None = None
    throughput_min_mbps: float | None = None
    throughput_mean_mbps: float | None = None
    evening_min_mbps: float | None = None
    evening_mean_mbps: float | None = None
    incidents_out_of_gtr: int = 0
    samples: int = 0
    evening_samples: int = 0


def contracts_for(residences) -> dict:
    """Map residence id to its SLA contract: the one that lists it, else the default one."""
    from planetcampus.reporting.models import SlaContract

    default = SlaContract.objects.filter(is_default=True).first() or SlaContract(name="default")
    mapping = {residence.pk: default for residence in residences}
    for contract in SlaContract.objects.filter(residences__in=[r.pk for r in residences]).distinct():
        for residence_id in contract.residences.values_list("pk", flat=True):
            if residence_id in mapping:
                mapping[residence_id] = contract
    return mapping


def month_kpis(residences, month: Month) -> list[ResidenceKpis]:
    """Compute the month's KPIs of each residence, in the order given."""
    residences = list(residences)
    if not residences:
        return []
    contracts = contracts_for(residences)
    expected = int(month.seconds // PROBE_INTERVAL.total_seconds())
    results = {r.pk: ResidenceKpis(r, month, contracts[r.pk], expected_samples=expected) for r in residences}

    sample_stats, runs = _sample_statistics(month, list(results))
    incidents = _incidents(month, list(results))
    for residence_id, kpis in results.items():
        _apply_samples(kpis, sample_stats.get(residence_id))
        _apply_downtime(kpis, incidents.get(residence_id, []), runs.get(residence_id, []))
    return [results[r.pk] for r in residences]


def _sample_statistics(month: Month, residence_ids: list[int]):
    """Aggregate the month's samples in one DuckDB scan, and list the unreachable ones.

    Rows come back per residence and "evening day", stored at ingest: the
    ISO weekday for samples in [19:00, 23:00) Paris time, 0 otherwise. Python then adds them
    up per contract, so residences with different evening days still cost
    one scan.
    """
    files = store.month_files(month)
    if not files:
        return {}, {}
    connection = store.connect(parse_text_timestamps=False)
    rows = connection.execute(f"""
        SELECT residence_id, evening_day, count(*), count(*) FILTER (WHERE NOT reachable),
               max(latency_ms), count(latency_ms), min(throughput_mbps), sum(throughput_mbps), count(throughput_mbps)
        FROM {store.parquet_source(files)} WHERE {_residence_filter(residence_ids)}
        GROUP BY residence_id, evening_day""").fetchall()
    wanted = set(residence_ids)
    statistics = defaultdict(dict)
    for residence_id, evening_day, *figures in rows:
        if residence_id in wanted:
            statistics[residence_id][evening_day] = figures

    # Unreachable samples are few (an outage is a handful of rounds), so they
    # are joined into outages here rather than with a window in SQL, and only
    # residences that had some are read again.
    with_outages = sorted(pk for pk, groups in statistics.items() if any(g[1] for g in groups.values()))
    unreachable = []
    if with_outages:
        unreachable = connection.execute(f"""
            SELECT residence_id, ts FROM {store.parquet_source(files)}
            WHERE {_residence_filter(with_outages)} AND NOT reachable ORDER BY residence_id, ts""").fetchall()
        unreachable = [row for row in unreachable if row[0] in wanted]
    connection.close()
    return statistics, unreachable_runs(unreachable, month.start.tzinfo)


def _residence_filter(residence_ids: list[int]) -> str:
    """Return a SQL condition on residence_id that lets DuckDB skip other residences' row groups.

    Files are sorted by residence, so a range prunes row groups. A long IN
    list costs a lookup per row and prunes no better, so beyond a few dozen
    residences only the range is applied and extra residences are dropped
    after aggregation.
    """
    ids = sorted(int(pk) for pk in residence_ids)
    condition = f"residence_id BETWEEN {ids[0]} AND {ids[-1]}"
    if len(ids) <= 64:
        condition += f" AND residence_id IN ({', '.join(map(str, ids))})"
    return condition


def unreachable_runs(rows, tzinfo) -> dict:
    """Join consecutive unreachable samples into outages [first, last + interval), per residence."""
    runs = defaultdict(list)
    for residence_id, moment in rows:
        moment = moment.replace(tzinfo=tzinfo)
        outages = runs[residence_id]
        if outages and outages[-1][1] >= moment:
            outages[-1] = (outages[-1][0], moment + PROBE_INTERVAL)
        else:
            outages.append((moment, moment + PROBE_INTERVAL))
    return runs


def _apply_samples(kpis: ResidenceKpis, groups: dict | None):
    """Add up the per-evening-day groups: all of them for the month, the contract's days for the evening."""
    if not groups:
        return
    latency_values = [g[2] for g in groups.values() if g[2] is not None]
    minimums = [g[4] for g in groups.values() if g[4] is not None]
    kpis.samples = sum(g[0] for g in groups.values())
    kpis.unreachable_samples = sum(g[1] for g in groups.values())
    kpis.latency_max_ms = max(latency_values) if latency_values else None
    kpis.latency_samples = sum(g[3] for g in groups.values())
    kpis.throughput_min_mbps = min(minimums) if minimums else None
    kpis.throughput_samples = sum(g[6] for g in groups.values())
    if kpis.throughput_samples:
        kpis.throughput_mean_mbps = sum(g[5] or 0 for g in groups.values()) / kpis.throughput_samples

    evening = [groups[day] for day in kpis.contract.weekdays if day in groups and groups[day][6]]
    kpis.evening_samples = sum(g[6] for g in evening)
    if kpis.evening_samples:
        kpis.evening_min_mbps = min(g[4] for g in evening)
        kpis.evening_mean_mbps = sum(g[5] for g in evening) / kpis.evening_samples


def _incidents(month: Month, residence_ids: list[int]) -> dict:
    from planetcampus.reporting.models import Incident

    overlapping = (Incident.objects.filter(residence_id__in=residence_ids, started_at__lt=month.end)
                   .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=month.start))
                   .select_related("residence").order_by("started_at"))
    grouped = defaultdict(list)
    for incident in overlapping:
        grouped[incident.residence_id].append(incident)
    return grouped


def _apply_downtime(kpis: ResidenceKpis, incidents: list, runs: list):
    month, current = kpis.month, now()
    all_intervals, operator_intervals, other_party = [], [], []
    for incident in incidents:
        part = clip(incident.started_at, incident.ended_at or current, month)
        if part is None:
            continue
        all_intervals.append(part)
        if incident.responsibility == incident.Responsibility.OPERATOR and not incident.planned:
            operator_intervals.append(part)
        else:
            other_party.append(part)
    unexplained = subtract([part for run in runs if (part := clip(*run, month))], all_intervals)

    kpis.incidents = incidents
    kpis.remarks = [incident_remark(incident) for incident in incidents]
    kpis.incidents_out_of_gtr = sum(1 for incident in incidents if out_of_gtr(incident, kpis.contract, month))
    if not kpis.has_data:
        return
    kpis.downtime_all_seconds = union_seconds(all_intervals + unexplained)
    kpis.downtime_operator_seconds = union_seconds(operator_intervals + unexplained)
    kpis.availability_all_pct = 100 * (1 - kpis.downtime_all_seconds / month.seconds)
    kpis.availability_operator_pct = 100 * (1 - kpis.downtime_operator_seconds / month.seconds)


def subtract(intervals: list, holes: list) -> list:
    """Return the parts of the intervals that none of the holes cover."""
    remaining = list(intervals)
    for hole_start, hole_end in holes:
        pieces = []
        for start, end in remaining:
            if hole_end <= start or hole_start >= end:
                pieces.append((start, end))
                continue
            if start < hole_start:
                pieces.append((start, hole_start))
            if hole_end < end:
                pieces.append((hole_end, end))
        remaining = pieces
    return remaining


def out_of_gtr(incident, contract, month: Month) -> bool:
    """Tell whether an operator incident started in the month took longer than the GTR to restore.

    An incident is counted once, in the month it started; an open incident
    counts as soon as its elapsed time exceeds the GTR.
    """
    if incident.responsibility != incident.Responsibility.OPERATOR or incident.planned:
        return False
    if not month.start <= incident.started_at < month.end:
        return False
    end = incident.ended_at or now()
    if contract.gtr_clock == contract.GtrClock.BUSINESS_HOURS:
        elapsed = business_seconds(incident.started_at, end)
    else:
        elapsed = (end - incident.started_at).total_seconds()
    return elapsed > float(contract.gtr_hours) * 3600


def crous_kpis(residence_kpis: list[ResidenceKpis]) -> list[CrousKpis]:
    """Group residence rows by CROUS; each figure is the mean over residences that have it.

    Every residence has the same month length, so the mean of availabilities
    equals the CROUS's total uptime over its total time.
    """
    groups = defaultdict(list)
    for kpis in residence_kpis:
        groups[kpis.residence.crous].append(kpis)
    rows = []
    for crous, members in groups.items():
        row = CrousKpis(crous, members[0].month, residences=len(members),
                        residences_with_data=sum(1 for m in members if m.has_data))
        for name in ("availability_operator_pct", "availability_all_pct", "latency_max_ms", "throughput_min_mbps",
                     "throughput_mean_mbps", "evening_min_mbps", "evening_mean_mbps"):
            values = [getattr(m, name) for m in members if getattr(m, name) is not None]
            setattr(row, name, sum(values) / len(values) if values else None)
        row.incidents_out_of_gtr = sum(m.incidents_out_of_gtr for m in members)
        row.samples = sum(m.samples for m in members)
        row.evening_samples = sum(m.evening_samples for m in members)
        rows.append(row)
    return sorted(rows, key=lambda row: row.crous.name)


def last_month_summary(residence) -> dict | None:
    """Return the dashboard columns of the last complete month for one residence, or None without data."""
    month = Month.last_complete()
    kpis = month_kpis([residence], month)[0]
    if not kpis.has_data:
        return None
    return summary_dict(kpis)


def summary_dict(kpis: ResidenceKpis) -> dict:
    residence = kpis.residence
    return {
        "month": str(kpis.month),
        "residence": residence.code,
        "availability_operator_pct": kpis.availability_operator_pct,
        "availability_all_pct": kpis.availability_all_pct,
        "latency_max_ms": kpis.latency_max_ms,
        "throughput_min_mbps": kpis.throughput_min_mbps,
        "throughput_mean_mbps": kpis.throughput_mean_mbps,
        "evening_throughput_min_mbps": kpis.evening_min_mbps,
        "evening_throughput_mean_mbps": kpis.evening_mean_mbps,
        "incidents_out_of_gtr": kpis.incidents_out_of_gtr,
        "backhaul": residence.get_backhaul_display() if residence.backhaul else "",
        "remarks": list(kpis.remarks),
        "samples": kpis.samples,
        "expected_samples": kpis.expected_samples,
        "evening_samples": kpis.evening_samples,
        "incidents": [
            {"id": incident.pk, "started_at": incident.started_at, "ended_at": incident.ended_at,
             "responsibility": incident.responsibility, "title": incident.title, "planned": incident.planned,
             "site_informed": incident.site_informed}
            for incident in kpis.incidents
        ],
    }
