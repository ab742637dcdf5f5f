"""Probe-file ingest: CSV, Parquet, iperf3 JSON and ping/fping output into the sample store.

CSV and Parquet are read by DuckDB, never row by row in Python, so a file of
millions of samples streams through in seconds. Every file is all-or-nothing:
one invalid row rejects the file with its line, column, value and the fix,
and nothing is stored.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

import duckdb
from django.db import transaction

from planetcampus.core import audit
from planetcampus.core.clock import now
from planetcampus.core.imports import ImportFailed, ImportProblem
from planetcampus.estate.models import Residence
from planetcampus.reporting import adapters, store
from planetcampus.reporting.models import IngestRun

logger = logging.getLogger(__name__)

PROBE_INTERVAL_SECONDS = 180
# A gap is reported when two consecutive samples of a residence are further
# apart than one and a half probe intervals (one missing sample or more).
GAP_THRESHOLD_SECONDS = PROBE_INTERVAL_SECONDS * 1.5
LONGEST_GAPS_KEPT = 50
MAX_PROBLEMS = 50

# column -> accepted headers, compared in lower case
COLUMNS = {
    "residence": ["residence", "residence_code", "code", "site"],
    "timestamp": ["timestamp", "ts", "time", "datetime", "date"],
    "reachable": ["reachable", "up", "status", "joignable"],
    "latency_ms": ["latency_ms", "latency", "rtt_ms", "latence_ms"],
    "throughput_mbps": ["throughput_mbps", "throughput", "bandwidth_mbps", "debit_mbps"],
}
TRUE_WORDS = ("1", "true", "t", "yes", "y", "oui", "up", "ok")
FALSE_WORDS = ("0", "false", "f", "no", "n", "non", "down", "ko")
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL",
                 "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


@dataclass
class IngestResult:
    file: str
    file_format: str
    rows_read: int = 0
    added: int = 0
    duplicates: int = 0
    gap_count: int = 0
    gaps: list = field(default_factory=list)
    months: list = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.file}: {self.rows_read} sample(s) read, {self.added} added, "
                f"{self.duplicates} duplicate(s) ignored, {self.gap_count} gap(s).")


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        return "parquet"
    if suffix == ".json":
        return "iperf3"
    if suffix in {".log", ".txt", ".ping", ".fping"}:
        return "ping"
    return "csv"


def ingest_file(path: Path | str, *, residence: Residence | None = None, file_format: str | None = None,
                actor=None, check_only: bool = False) -> IngestResult | None:
    """Validate one probe file, add its new samples to the store and record the run.

    With `check_only`, stop after validation: nothing is stored and None is
    returned, so a command can check every file before storing any.
    """
    try:
        return _ingest(Path(path), residence, file_format, actor, check_only)
    except (duckdb.Error, ValueError, OverflowError, TypeError, AttributeError, KeyError) as error:
        # Reader errors on files that are not probe files at all (binary
        # content, wrong JSON shapes, out-of-range numbers) end up here.
        first_line = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
        logger.warning("probe ingest of %s rejected: %s", path, first_line)
        raise ImportFailed([ImportProblem(
            Path(path).name, None, "", "",
            f"cannot be read as a probe file ({first_line}); check its format against the documented columns.",
        )]) from None


def _ingest(path, residence, file_format, actor, check_only):
    file_format = file_format or detect_format(path)
    started = now()
    logger.info("probe ingest of %s (%s) started", path, file_format)
    connection = store.connect()
    codes = dict(Residence.objects.values_list("code", "pk"))
    _load_residence_codes(connection, codes)

    staged_columns = {}
    if file_format in {"csv", "parquet"}:
        staged_columns = _stage_table(connection, path, file_format, residence)
    elif file_format in {"iperf3", "ping"}:
        _stage_adapter(connection, path, file_format, residence)
    else:
        raise ValueError(f"unknown probe format {file_format!r}: use csv, parquet, iperf3 or ping.")

    result = IngestResult(file=path.name, file_format=file_format)
    # One sort gives both the duplicates (same instant as the previous
    # sample) and the gaps (more than one interval since the previous one).
    connection.execute("""
        CREATE TEMP TABLE sequenced AS
        SELECT residence_id, ts, reachable, latency_ms, throughput_mbps, invalid,
               lag(ts) OVER (PARTITION BY residence_id ORDER BY ts, line) AS previous_ts
        FROM staged ORDER BY residence_id, ts""")
    if connection.execute("SELECT count(*) FROM sequenced WHERE invalid").fetchone()[0]:
        raise ImportFailed(_row_problems(connection, path.name, staged_columns))
    if check_only:
        connection.close()
        return None
    connection.execute("CREATE TEMP VIEW unique_samples AS SELECT * FROM sequenced WHERE previous_ts IS DISTINCT FROM ts")
    result.rows_read = connection.execute("SELECT count(*) FROM sequenced").fetchone()[0]
    _find_gaps(connection, result, codes)
    stored = store.add_samples(connection, "unique_samples", sorted_source=True)
    result.added, result.months = stored["added"], stored["months"]
    result.duplicates = result.rows_read - result.added
    residence_ids = [row[0] for row in connection.execute("SELECT DISTINCT residence_id FROM sequenced").fetchall()]
    connection.close()

    _record_run(result, started, residence_ids, actor)
    logger.info("probe ingest of %s finished: %s", path, result.summary())
    return result


def _stage_table(connection, path: Path, file_format: str, residence: Residence | None):
    quoted = str(path).replace("'", "''")
    if file_format == "parquet":
        connection.execute(f"""CREATE TEMP VIEW raw AS SELECT *, file_row_number + 1 AS __line
                               FROM read_parquet('{quoted}', file_row_number = true)""")
    else:
        # Insertion order is kept, so rowid gives the record's position: its
        # line is rowid + 2 (one header line, lines counted from 1), as long
        # as no quoted value spans several lines.
        try:
            connection.execute(f"CREATE TEMP TABLE raw_csv AS SELECT * FROM read_csv('{quoted}', header = true, sample_size = 20480)")
        except duckdb.Error as error:
            # The types guessed from the first rows failed on a later row: read
            # every column as text, so the checks below name that row.
            logger.info("probe file %s re-read as text after: %s", path, error)
            connection.execute(f"""CREATE OR REPLACE TEMP TABLE raw_csv AS
                                   SELECT * FROM read_csv('{quoted}', header = true, all_varchar = true)""")
        connection.execute("CREATE TEMP VIEW raw AS SELECT *, rowid + 2 AS __line FROM raw_csv")
    described = [row for row in connection.execute("DESCRIBE raw").fetchall() if row[0] not in {"__line", "file_row_number"}]
    types = {row[0].lower(): row[1] for row in described}
    names = {row[0].lower(): row[0] for row in described}
    columns = {}
    for target, accepted in COLUMNS.items():
        found = next((name for name in accepted if name in names), None)
        if found:
            columns[target] = (names[found], types[found])

    problems = _missing_columns(path, columns, residence)
    if problems:
        raise ImportFailed(problems)
    expressions = {target: _expression(target, column, kind) for target, (column, kind) in columns.items()}
    if "reachable" not in expressions:
        # Without a reachable column, a sample with a latency is a reachable one.
        expressions["reachable"] = f"({expressions.get('latency_ms', 'NULL')}) IS NOT NULL"
    for target in ("latency_ms", "throughput_mbps"):
        expressions.setdefault(target, "NULL::DOUBLE")
    default_id = residence.pk if residence else "NULL"
    if "residence" in columns:
        code = f'raw."{columns["residence"][0]}"'
        code_text = code if columns["residence"][1] == "VARCHAR" else f"CAST({code} AS VARCHAR)"
        residence_expression = f"coalesce(rc.residence_id, CASE WHEN nullif(trim({code_text}), '') IS NULL THEN {default_id} END)"
        join = f"LEFT JOIN residence_codes rc ON rc.code = trim({code_text})"
    else:
        residence_expression, join = str(default_id), ""
    raw_columns = "".join(f', CAST(raw."{column}" AS VARCHAR) AS "raw_{target}"' for target, (column, _kind) in columns.items())
    connection.execute(f"""
        CREATE TEMP VIEW checked AS
        SELECT raw.__line AS line, {residence_expression} AS residence_id,
               {expressions['timestamp']} AS ts, {expressions['reachable']} AS reachable,
               {expressions['latency_ms']} AS latency_ms, {expressions['throughput_mbps']} AS throughput_mbps
               {raw_columns}
        FROM raw {join}""")
    # Rows are checked while they are sorted (see ingest_file); the problem
    # listing runs only when a row failed.
    invalid = " OR ".join(f"coalesce(({condition}), false)" for _t, condition, _m in _checks(columns))
    connection.execute(f"""CREATE TEMP VIEW staged AS SELECT line, residence_id, ts, reachable,
                           CASE WHEN reachable THEN latency_ms END AS latency_ms,
                           CASE WHEN reachable THEN throughput_mbps END AS throughput_mbps,
                           {invalid} AS invalid FROM checked""")
    return columns


def _missing_columns(path, columns, residence):
    problems = []
    if "timestamp" not in columns:
        problems.append(ImportProblem(path.name, 1, "", "", "missing column: add a timestamp column (ISO 8601, UTC or with an offset)."))
    if "residence" not in columns and residence is None:
        problems.append(ImportProblem(path.name, 1, "", "", "missing column: add a residence column with residence codes, or give --residence CODE."))
    if not {"reachable", "latency_ms", "throughput_mbps"} & set(columns):
        problems.append(ImportProblem(path.name, 1, "", "", "missing columns: add reachable, latency_ms or throughput_mbps."))
    return problems


def _expression(target: str, column: str, kind: str) -> str:
    quoted = f'raw."{column}"'
    if target == "timestamp":
        if kind.startswith("TIMESTAMP WITH TIME ZONE"):
            # The raw microseconds of a TIMESTAMPTZ are UTC: no time-zone lookup per row.
            return f"make_timestamp(epoch_us({quoted}))"
        if kind.startswith("TIMESTAMP"):
            return f"CAST({quoted} AS TIMESTAMP)"
        if kind in NUMERIC_TYPES or kind.startswith("DECIMAL"):
            return f"make_timestamp(CAST(CAST({quoted} AS DOUBLE) * 1000000 AS BIGINT))"
        # Text: ISO 8601 with an offset or Z, or naive (read as UTC).
        return f"make_timestamp(epoch_us(TRY_CAST(replace(trim(CAST({quoted} AS VARCHAR)), 'Z', '+00:00') AS TIMESTAMPTZ)))"
    if target == "reachable":
        if kind == "BOOLEAN":
            return quoted
        if kind in NUMERIC_TYPES:
            return f"({quoted} <> 0)"
        text = f"lower(trim(CAST({quoted} AS VARCHAR)))"
        trues = ", ".join(f"'{word}'" for word in TRUE_WORDS)
        falses = ", ".join(f"'{word}'" for word in FALSE_WORDS)
        return f"CASE WHEN {text} IN ({trues}) THEN true WHEN {text} IN ({falses}) THEN false END"
    if target in {"latency_ms", "throughput_mbps"}:
        if kind in NUMERIC_TYPES or kind.startswith("DECIMAL"):
            return f"CAST({quoted} AS DOUBLE)"
        return f"TRY_CAST(replace(nullif(trim(CAST({quoted} AS VARCHAR)), ''), ',', '.') AS DOUBLE)"
    return f"CAST({quoted} AS VARCHAR)"


PROBLEM_CHECKS = [
    ("residence", "residence_id IS NULL",
     "unknown residence code; use a code of the residence list or give --residence CODE."),
    ("timestamp", "ts IS NULL",
     "invalid timestamp; write ISO 8601 in UTC or with an offset, for example 2020-02-20T10:00:00+01:00."),
    ("reachable", "reachable IS NULL AND nullif(trim(raw_reachable), '') IS NOT NULL",
     "invalid reachable value; write 1 or 0 (true/false, yes/no)."),
    ("reachable", "reachable IS NULL AND nullif(trim(raw_reachable), '') IS NULL",
     "missing reachable value; write 1 or 0."),
    ("latency_ms", "(latency_ms IS NULL AND nullif(trim(raw_latency_ms), '') IS NOT NULL) OR latency_ms < 0",
     "invalid latency; write milliseconds as a number of zero or more, or leave it empty."),
    ("throughput_mbps", "(throughput_mbps IS NULL AND nullif(trim(raw_throughput_mbps), '') IS NOT NULL) OR throughput_mbps < 0",
     "invalid throughput; write Mb/s as a number of zero or more, or leave it empty."),
]


def _checks(columns: dict) -> list:
    return [(target, condition, message) for target, condition, message in PROBLEM_CHECKS
            if target == "residence" or target in columns]


def _row_problems(connection, name: str, columns: dict) -> list[ImportProblem]:
    problems = []
    for target, condition, message in _checks(columns):
        raw_column = f"raw_{target}" if target in columns else "NULL"
        rows = connection.execute(
            f"SELECT line, {raw_column} FROM checked WHERE {condition} ORDER BY line LIMIT {MAX_PROBLEMS}").fetchall()
        header = columns[target][0] if target in columns else target
        problems += [ImportProblem(name, line, header, value or "", message) for line, value in rows]
        if len(problems) >= MAX_PROBLEMS:
            break
    return sorted(problems, key=lambda problem: problem.line or 0)[:MAX_PROBLEMS]


def _stage_adapter(connection, path: Path, file_format: str, residence: Residence | None):
    if residence is None:
        raise ImportFailed([ImportProblem(path.name, None, "", "", f"{file_format} output names no residence; give --residence CODE.")])
    parse = adapters.parse_iperf3 if file_format == "iperf3" else adapters.parse_ping
    samples, problems = parse(path)
    if problems:
        raise ImportFailed(problems)
    connection.execute("""CREATE TEMP TABLE adapter_rows (line BIGINT, ts TIMESTAMP, reachable BOOLEAN,
                          latency_ms DOUBLE, throughput_mbps DOUBLE)""")
    connection.executemany("INSERT INTO adapter_rows VALUES (?, ?, ?, ?, ?)", [
        [sample.line, sample.timestamp.astimezone(UTC).replace(tzinfo=None), sample.reachable, sample.latency_ms,
         sample.throughput_mbps] for sample in samples])
    connection.execute(f"""CREATE TEMP VIEW staged AS SELECT line, {residence.pk} AS residence_id, ts, reachable,
                           latency_ms, throughput_mbps, false AS invalid FROM adapter_rows""")


def _load_residence_codes(connection, codes: dict):
    connection.execute("CREATE TEMP TABLE residence_codes (code VARCHAR, residence_id INTEGER)")
    if codes:
        values = ", ".join("('" + code.replace("'", "''") + f"', {int(pk)})" for code, pk in codes.items())
        connection.execute(f"INSERT INTO residence_codes VALUES {values}")


def _find_gaps(connection, result: IngestResult, codes: dict):
    """Count the holes of more than one probe interval between consecutive samples of the file."""
    connection.execute(f"""
        CREATE TEMP TABLE gaps AS
        SELECT residence_id, previous_ts AS gap_from, ts AS gap_to,
               CAST(round(epoch(ts - previous_ts) / {PROBE_INTERVAL_SECONDS}) AS BIGINT) - 1 AS missing
        FROM sequenced
        WHERE previous_ts IS NOT NULL AND epoch(ts - previous_ts) > {GAP_THRESHOLD_SECONDS}""")
    result.gap_count = connection.execute("SELECT count(*) FROM gaps").fetchone()[0]
    code_of = {pk: code for code, pk in codes.items()}
    longest = connection.execute(
        f"SELECT residence_id, gap_from, gap_to, missing FROM gaps ORDER BY missing DESC, gap_from LIMIT {LONGEST_GAPS_KEPT}").fetchall()
    result.gaps = [{"residence": code_of.get(residence_id, str(residence_id)), "from": gap_from.isoformat() + "Z",
                    "to": gap_to.isoformat() + "Z", "missing": missing}
                   for residence_id, gap_from, gap_to, missing in longest]
    connection.execute("DROP TABLE gaps")


@transaction.atomic
def _record_run(result: IngestResult, started, residence_ids, actor):
    run = IngestRun.objects.create(
        file_name=result.file[:255], file_format=result.file_format, started_at=started, finished_at=now(),
        rows_read=result.rows_read, rows_added=result.added, duplicates=result.duplicates,
        gap_count=result.gap_count, gaps=result.gaps, months=result.months,
    )
    if actor is not None and getattr(actor, "is_authenticated", False):
        run.actor = actor
        run.save(update_fields=["actor"])
    run.residences.set(residence_ids)
    audit.record(actor, "reporting.samples_ingested", run, file=result.file, added=result.added,
                 duplicates=result.duplicates, gaps=result.gap_count)
    return run
