"""The probe-sample store: Parquet files partitioned by Paris month, read with DuckDB.

Layout: <REPORTING_SAMPLES_DIR>/month=YYYY-MM/part-<uuid>.parquet, each file
sorted by (residence_id, ts) so that a query on one residence skips the row
groups of the others. Columns:

    residence_id  INTEGER    estate.Residence primary key
    ts            TIMESTAMP  instant of the sample, UTC
    local_ts      TIMESTAMP  the same instant on the Paris wall clock (evening windows, charts)
    reachable     BOOLEAN
    latency_ms    DOUBLE     NULL when unreachable or not measured
    throughput_mbps DOUBLE   available throughput per user, NULL when not measured

Why files and not a table: a month of the whole network is about 14 million
rows. In Parquet (zstd) that is a few tens of megabytes, written at DuckDB
speed and aggregated in about a second; the same rows as Django objects
would take gigabytes and minutes. Incidents, contracts and ingest runs,
which are few and edited by people, stay in the database.
"""

import fcntl
import logging
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings

from planetcampus.reporting.periods import Month

logger = logging.getLogger(__name__)

# Beyond this many files a month partition is rewritten as one file, so
# frequent small ingests do not slow the reports down.
COMPACT_ABOVE_FILES = 16
SAMPLE_COLUMNS = "residence_id, ts, local_ts, reachable, latency_ms, throughput_mbps"


def samples_dir() -> Path:
    configured = getattr(settings, "REPORTING_SAMPLES_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "reporting" / "samples"


def month_dir(month: Month) -> Path:
    return samples_dir() / f"month={month}"


def month_files(month: Month) -> list[Path]:
    directory = month_dir(month)
    return sorted(directory.glob("part-*.parquet")) if directory.is_dir() else []


def stored_months() -> list[Month]:
    root = samples_dir()
    if not root.is_dir():
        return []
    months = [Month.parse(path.name.removeprefix("month=")) for path in root.glob("month=*") if month_files_exist(path)]
    return sorted(months, key=str)


def month_files_exist(path: Path) -> bool:
    return any(path.glob("part-*.parquet"))


def connect() -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB connection that reads naive timestamps as UTC."""
    connection = duckdb.connect()
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


def add_samples(connection, table: str) -> dict:
    """Store the rows of a DuckDB table, skipping samples already stored.

    `table` has residence_id, ts (UTC), reachable, latency_ms, throughput_mbps
    and no duplicate (residence_id, ts). Returns {"added": n, "duplicates": n,
    "months": [...]}. New files are written under temporary names and renamed
    at the end, so a failure leaves the store as it was.
    """
    with write_lock():
        connection.execute(f"""
            CREATE OR REPLACE TEMP TABLE incoming AS
            SELECT residence_id, ts,
                   timezone('Europe/Paris', timezone('UTC', ts)) AS local_ts,
                   reachable, latency_ms, throughput_mbps
            FROM {table}""")
        months = [Month.parse(row[0]) for row in connection.execute(
            "SELECT DISTINCT strftime(local_ts, '%Y-%m') FROM incoming ORDER BY 1").fetchall()]
        written, added, duplicates = [], 0, 0
        try:
            for month in months:
                month_added, month_duplicates, path = _write_month(connection, month)
                added, duplicates = added + month_added, duplicates + month_duplicates
                if path:
                    written.append(path)
        except BaseException:
            for temporary, _final in written:
                temporary.unlink(missing_ok=True)
            raise
        for temporary, final in written:
            temporary.rename(final)
        for month in months:
            compact_if_needed(connection, month)
        connection.execute("DROP TABLE incoming")
    return {"added": added, "duplicates": duplicates, "months": [str(month) for month in months]}


def _write_month(connection, month: Month):
    month_filter = f"strftime(local_ts, '%Y-%m') = '{month}'"
    existing = month_files(month)
    if existing:
        new_rows = f"""
            SELECT i.* FROM (SELECT * FROM incoming WHERE {month_filter}) i
            ANTI JOIN (SELECT residence_id, ts FROM {parquet_source(existing)}
                       WHERE residence_id IN (SELECT DISTINCT residence_id FROM incoming WHERE {month_filter})) e
            ON i.residence_id = e.residence_id AND i.ts = e.ts"""
    else:
        new_rows = f"SELECT * FROM incoming WHERE {month_filter}"
    connection.execute(f"CREATE OR REPLACE TEMP TABLE month_rows AS {new_rows}")
    total = connection.execute(f"SELECT count(*) FROM incoming WHERE {month_filter}").fetchone()[0]
    added = connection.execute("SELECT count(*) FROM month_rows").fetchone()[0]
    if not added:
        return 0, total, None

    directory = month_dir(month)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"part-{uuid.uuid4().hex}.parquet"
    temporary = directory / f".{name}.tmp"
    _copy_sorted(connection, "month_rows", temporary)
    connection.execute("DROP TABLE month_rows")
    return added, total - added, (temporary, directory / name)


def _copy_sorted(connection, source: str, target: Path):
    connection.execute(f"""
        COPY (SELECT {SAMPLE_COLUMNS} FROM {source} ORDER BY residence_id, ts)
        TO '{str(target).replace("'", "''")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)""")


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


def delete_residence_month(residence_id: int, month: Month) -> int:
    """Remove one residence's samples of a month (used to reload a demo month). Returns the rows removed."""
    with write_lock():
        files = month_files(month)
        if not files:
            return 0
        connection = connect()
        removed = connection.execute(
            f"SELECT count(*) FROM {parquet_source(files)} WHERE residence_id = ?", [residence_id]).fetchone()[0]
        if not removed:
            return 0
        directory = month_dir(month)
        name = f"part-{uuid.uuid4().hex}.parquet"
        temporary = directory / f".{name}.tmp"
        _copy_sorted(connection, f"(SELECT * FROM {parquet_source(files)} WHERE residence_id <> {int(residence_id)})",
                     temporary)
        temporary.rename(directory / name)
        for path in files:
            path.unlink()
        return removed
