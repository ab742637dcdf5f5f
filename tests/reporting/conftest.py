"""Fixtures of the SLA reporting tests: a private sample store and probe-file writers."""

import csv
from datetime import UTC, datetime, timedelta

import pytest

STEP = timedelta(minutes=3)


@pytest.fixture(autouse=True)
def sample_store(settings, tmp_path):
    """Give every test its own Parquet store, so parallel runs never share files."""
    settings.REPORTING_SAMPLES_DIR = str(tmp_path / "samples")
    return tmp_path / "samples"


def grid(start: datetime, end: datetime, step: timedelta = STEP):
    """Yield UTC instants every `step` in [start, end)."""
    moment = start.astimezone(UTC)
    end = end.astimezone(UTC)
    while moment < end:
        yield moment
        moment += step


def write_samples_csv(path, rows):
    """Write (code, instant, reachable, latency, throughput) rows as a probe CSV file."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["residence", "timestamp", "reachable", "latency_ms", "throughput_mbps"])
        for code, moment, reachable, latency, throughput in rows:
            writer.writerow([code, moment.isoformat(), 1 if reachable else 0,
                             "" if latency is None else latency, "" if throughput is None else throughput])
    return path
