"""The probe-sample store: Parquet files partitioned by Paris month, read with DuckDB.

Layout: <REPORTING_SAMPLES_DIR>/month=YYYY-MM/part-<uuid>.parquet, each file
sorted by (residence_id, ts) so that a query on one residence skips the row
groups of the others. Columns:

    residence_id  INTEGER    estate.Residence primary key
    ts            TIMESTAMP  instant of the sample, UTC
    local_ts      TIMESTAMP  the same instant on the Paris wall clock (charts)
    evening_day   TINYINT    ISO weekday when local_ts is in [19:00, 23:00), else 0
    reachable     BOOLEAN
    latency_ms    DOUBLE     NULL when unreachable or not measured
    throughput_mbps DOUBLE   available throughput per user, NULL when not measured

Why files and not a table: a month of the whole network is about 14 million
rows. In Parquet that is about 115 MiB, written and aggregated at DuckDB
speed (bench/reporting_bench.py). The same rows in PostgreSQL would take an
estimated 1.5 GB with their index. Incidents, contracts and ingest runs,
which are few and edited by people, stay in the database.
"""

import fcntl
import logging
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings

from planetcampus.reporting.periods import Month, paris_wall_clock_sql

logger = logging.getLogger(__name__)

# Beyond this many files a month partition is rewritten as one file, so
# frequent small ingests do not slow the reports down.
COMPACT_ABOVE_FILES = 16
SAMPLE_COLUMNS = "residence_id, ts, local_ts, evening_day, reachable, latency_ms, throughput_mbps"


def samples_dir() -> Path:
    configured = getattr(settings, "REPORTING_SAMPLES_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "reporting" / "samples"


def month_dir(month: Month) -> Path:
    return samples_dir() / f"month={month}"


def month_files(month: Month) -> list[Path]:
    directory = month_dir(month)
    return sorted(directory.glob("part-*.parquet")) if directory.is_dir() else []


def connect(*, parse_text_timestamps: bool = True) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB connection.

    For ingest the session time zone is UTC, so that text timestamps without
    an offset are read as UTC whatever the machine's time zone. Readers of
    the store skip that step because stored timestamps are naive UTC.
    """
    connection = duckdb.connect()
    if parse_text_timestamps:
        connection.execute("LOAD icu")
        connection.execute("SET TimeZone = 'UTC'")
    memory_limit = getattr(settings, "REPORTING_DUCKDB_MEMORY_LIMIT", "")
    if memory_limit:
        connection.execute(f"SET memory_limit = '{memory_limit}'")
    return connection


def parquet_source(files: list[Path]) -> str:
    """Return a read_parquet(...) expression over files, quoted for SQL."""
    quoted = ", ".join("'" + str(path).replace("'", "''") + "'" for path in files)
    return f"read_parquet([{quoted}])"


@contextmanager
def write_lock():
    """Serialise writers (two ingests, or an ingest and a compaction) with an exclusive file lock."""
    root = samples_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def add_samples(connection, source: str, *, sorted_source: bool = False) -> dict:
    """Store the rows of a DuckDB table or view, skipping samples already stored.

    `source` has residence_id, ts (naive UTC), reachable, latency_ms and
    throughput_mbps, and no duplicate (residence_id, ts). Pass `sorted_source`
    when it is already ordered by (residence_id, ts), which saves a sort. Returns
    {"added": n, "duplicates": n, "months": [...]}. New files are written
    under temporary names and renamed at the end, so a failure leaves the
    store as it was.
    """
    first, last = connection.execute(f"SELECT min(ts), max(ts) FROM {source}").fetchone()
    if first is None:
        return {"added": 0, "duplicates": 0, "months": []}
    local = paris_wall_clock_sql("ts", first.year - 1, last.year + 1)
    connection.execute(f"""
        CREATE OR REPLACE TEMP VIEW incoming AS
        SELECT residence_id, ts, local_ts,
               CAST(CASE WHEN hour(local_ts) >= 19 AND hour(local_ts) < 23 THEN isodow(local_ts) ELSE 0 END AS TINYINT) AS evening_day,
               reachable, latency_ms, throughput_mbps, year(local_ts) * 100 + month(local_ts) AS month_key
        FROM (SELECT *, {local} AS local_ts FROM {source})""")
    with write_lock():
        counts = connection.execute("SELECT month_key, count(*) FROM incoming GROUP BY month_key ORDER BY month_key").fetchall()
        months = [(Month(key // 100, key % 100), total) for key, total in counts]
        written, added = [], 0
        try:
            for month, _total in months:
                month_added, path = _write_month(connection, month, sorted_source)
                added += month_added
                if path:
                    written.append(path)
        except BaseException:
            for temporary, _final in written:
                temporary.unlink(missing_ok=True)
            raise
        for temporary, final in written:
            temporary.rename(final)
        for month, _total in months:
            compact_if_needed(connection, month)
    connection.execute("DROP VIEW incoming")
    total = sum(count for _month, count in months)
    return {"added": added, "duplicates": total - added, "months": [str(month) for month, _total in months]}


def _write_month(connection, month: Month, sorted_source: bool):
    month_rows = f"SELECT * FROM incoming WHERE month_key = {month.year * 100 + month.month}"
    existing = month_files(month)
    if existing:
        month_rows = f"""
            SELECT i.* FROM ({month_rows}) i
            ANTI JOIN (SELECT residence_id, ts FROM {parquet_source(existing)}) e
            ON i.residence_id = e.residence_id AND i.ts = e.ts"""
    directory = month_dir(month)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"part-{uuid.uuid4().hex}.parquet"
    temporary = directory / f".{name}.tmp"
    # New parts use snappy, which writes about twice as fast as zstd; compaction rewrites them with zstd.
    if existing or not sorted_source:
        added = _copy_sorted(connection, f"({month_rows})", temporary)
    else:
        added = connection.execute(f"""
            COPY (SELECT {SAMPLE_COLUMNS} FROM ({month_rows}))
            TO '{_sql_path(temporary)}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)""").fetchone()[0]
    if not added:
        temporary.unlink(missing_ok=True)
        return 0, None
    return added, (temporary, directory / name)


def _copy_sorted(connection, source: str, target: Path) -> int:
    """Write `source` sorted by residence and time to a Parquet file; return the number of rows written."""
    return connection.execute(f"""
        COPY (SELECT {SAMPLE_COLUMNS} FROM {source} ORDER BY residence_id, ts)
        TO '{_sql_path(target)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)""").fetchone()[0]


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def compact_if_needed(connection, month: Month, limit: int = COMPACT_ABOVE_FILES) -> bool:
    """Rewrite a month partition as one file when it has more than `limit` files. Call under write_lock."""
    files = month_files(month)
    if len(files) <= limit:
        return False
    directory = month_dir(month)
    name = f"part-{uuid.uuid4().hex}.parquet"
    temporary = directory / f".{name}.tmp"
    _copy_sorted(connection, parquet_source(files), temporary)
    temporary.rename(directory / name)
    for path in files:
        path.unlink()
    logger.info("samples of %s compacted from %d files into %s", month, len(files), name)
    return True
