"""Paris wall-clock conversion and French business hours."""

from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from planetcampus.core.clock import PARIS
from planetcampus.reporting.periods import (
    easter_sunday,
    french_public_holidays,
    paris_wall_clock_sql,
)


def test_wall_clock_sql_matches_zoneinfo_every_hour():
    start = datetime(2019, 1, 1, tzinfo=UTC)
    hours = [start + timedelta(minutes=30 * step) for step in range(2 * 24 * 366 * 3)]
    connection = duckdb.connect()
    connection.execute("CREATE TABLE t (ts TIMESTAMP)")
    connection.executemany("INSERT INTO t VALUES (?)", [[moment.replace(tzinfo=None)] for moment in hours])

    rows = connection.execute(f"SELECT ts, {paris_wall_clock_sql('ts', 2018, 2022)} FROM t ORDER BY ts").fetchall()

    expected = [moment.astimezone(PARIS).replace(tzinfo=None) for moment in hours]
    assert [local for _ts, local in rows] == expected


def test_easter_and_holidays():
    assert easter_sunday(2020).isoformat() == "2020-04-12"
    assert easter_sunday(2024).isoformat() == "2024-03-31"
    holidays = french_public_holidays(2020)
    assert len(holidays) == 11
    assert datetime(2020, 5, 21).date() in holidays          # Ascension
    assert datetime(2020, 6, 1).date() in holidays           # Whit Monday


@pytest.mark.parametrize("text", ["0000-01", "9999-12"])
def test_month_out_of_range_rejected(text):
    from planetcampus.reporting.periods import Month

    with pytest.raises(ValueError, match="out of range"):
        Month.parse(text)
