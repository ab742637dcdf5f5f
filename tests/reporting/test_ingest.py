"""Probe-file ingest: formats, validation, duplicates, gaps and the command line."""

import json
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from planetcampus.core.imports import ImportFailed
from planetcampus.reporting import store
from planetcampus.reporting.ingest import ingest_file
from planetcampus.reporting.kpis import month_kpis
from planetcampus.reporting.models import IngestRun
from planetcampus.reporting.periods import Month

FEBRUARY = Month(2020, 2)


def stored_rows(month=FEBRUARY):
    connection = store.connect()
    rows = connection.execute(
        f"SELECT residence_id, ts, local_ts, reachable, latency_ms, throughput_mbps "
        f"FROM {store.parquet_source(store.month_files(month))} ORDER BY residence_id, ts").fetchall()
    connection.close()
    return rows


def test_csv_offsets_and_utc_give_same_instant(estate, tmp_path):
    path = tmp_path / "probes.csv"
    path.write_text(
        "residence;timestamp;reachable;latency_ms;throughput_mbps\n"
        "lyon-a;2020-02-20T10:00:00+01:00;1;12,5;48,2\n"
        "lyon-a;2020-02-20T09:03:00Z;oui;13;50\n"
        "lyon-a;2020-02-20 09:06:00;0;;\n")

    result = ingest_file(path)
    rows = stored_rows()

    assert result.rows_read == 3
    assert result.added == 3
    assert [row[1] for row in rows] == [datetime(2020, 2, 20, 9, 0), datetime(2020, 2, 20, 9, 3), datetime(2020, 2, 20, 9, 6)]
    assert rows[0][2] == datetime(2020, 2, 20, 10, 0)    # Paris wall clock
    assert rows[0][4] == 12.5
    assert rows[2][3] is False


def test_invalid_rows_reject_whole_file(estate, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "residence,timestamp,reachable,latency_ms,throughput_mbps\n"
        "lyon-a,2020-02-20T10:00:00+01:00,1,12,48\n"
        "nowhere,2020-02-20T10:03:00+01:00,1,12,48\n"
        "lyon-a,20/02/2020 10:06,1,12,48\n"
        "lyon-a,2020-02-20T10:09:00+01:00,maybe,12,48\n"
        "lyon-a,2020-02-20T10:12:00+01:00,1,-3,48\n"
        "lyon-a,2020-02-20T10:15:00+01:00,1,12,fast\n")

    with pytest.raises(ImportFailed) as failure:
        ingest_file(path)

    problems = {(problem.line, problem.column): problem for problem in failure.value.problems}
    assert problems[(3, "residence")].value == "nowhere"
    assert problems[(4, "timestamp")].value == "20/02/2020 10:06"
    assert problems[(5, "reachable")].value == "maybe"
    assert problems[(6, "latency_ms")].value == "-3"
    assert problems[(7, "throughput_mbps")].value == "fast"
    assert "ISO 8601" in problems[(4, "timestamp")].message
    assert store.month_files(FEBRUARY) == []
    assert not IngestRun.objects.exists()


def test_missing_columns_are_named(estate, tmp_path):
    path = tmp_path / "columns.csv"
    path.write_text("when,value\n2020-02-20T10:00:00Z,3\n")

    with pytest.raises(ImportFailed) as failure:
        ingest_file(path)

    messages = " ".join(problem.message for problem in failure.value.problems)
    assert "timestamp" in messages
    assert "residence" in messages


def test_duplicates_in_file_and_store_are_ignored(estate, tmp_path):
    path = tmp_path / "dupes.csv"
    path.write_text(
        "residence,timestamp,reachable,latency_ms,throughput_mbps\n"
        "lyon-a,2020-02-20T09:00:00Z,1,10,40\n"
        "lyon-a,2020-02-20T09:00:00Z,1,10,40\n"
        "lyon-a,2020-02-20T10:00:00+01:00,1,10,40\n"
        "lyon-a,2020-02-20T09:03:00Z,1,11,41\n")

    first = ingest_file(path)
    second = ingest_file(path)

    assert (first.rows_read, first.added, first.duplicates) == (4, 2, 2)
    assert (second.added, second.duplicates) == (0, 4)
    assert len(stored_rows()) == 2
    assert IngestRun.objects.count() == 2


def test_parquet_with_typed_columns(estate, tmp_path):
    path = tmp_path / "probes.parquet"
    table = pa.table({
        "residence": ["lyon-b", "lyon-b"],
        "timestamp": pa.array([datetime(2020, 2, 3, 18, 0, tzinfo=UTC), datetime(2020, 2, 3, 18, 3, tzinfo=UTC)],
                              pa.timestamp("us", tz="UTC")),
        "reachable": [True, True],
        "latency_ms": [30.0, 31.5],
        "throughput_mbps": [12.0, 14.0],
    })
    pq.write_table(table, path)

    result = ingest_file(path)
    kpis = month_kpis([estate["lyon_b"]], FEBRUARY)[0]

    assert result.file_format == "parquet"
    assert result.added == 2
    assert kpis.evening_samples == 2                          # Monday 19:00 and 19:03 in Paris
    assert kpis.evening_mean_mbps == 13


def test_samples_land_in_paris_month_partition(estate, tmp_path):
    path = tmp_path / "edge.csv"
    path.write_text("residence,timestamp,reachable\nlyon-a,2020-01-31T23:30:00Z,1\nlyon-a,2020-01-31T22:30:00Z,1\n")

    result = ingest_file(path)

    assert result.months == ["2020-01", "2020-02"]           # 00:30 on 1 February in Paris
    assert len(store.month_files(FEBRUARY)) == 1


def test_many_small_ingests_are_compacted(estate, tmp_path, settings):
    for index in range(store.COMPACT_ABOVE_FILES + 1):
        path = tmp_path / f"small-{index}.csv"
        path.write_text(f"residence,timestamp,reachable\nlyon-a,2020-02-10T10:{index:02d}:00Z,1\n")
        ingest_file(path)

    assert len(store.month_files(FEBRUARY)) == 1
    assert len(stored_rows()) == store.COMPACT_ABOVE_FILES + 1


IPERF3_OK = {
    "start": {"version": "iperf 3.12", "timestamp": {"time": "Thu, 20 Feb 2020 18:00:00 GMT", "timesecs": 1582221600},
              "connecting_to": {"host": "127.0.0.1", "port": 5201},
              "test_start": {"protocol": "TCP", "num_streams": 1, "duration": 10, "reverse": 1}},
    "intervals": [],
    "end": {"streams": [{"sender": {"bits_per_second": 9.9e7, "mean_rtt": 12400, "max_rtt": 20000}}],
            "sum_sent": {"bits_per_second": 9.9e7}, "sum_received": {"bits_per_second": 9.5e7}},
}
IPERF3_FAILED = {"start": {"version": "iperf 3.12"}, "intervals": [], "end": {},
                 "error": "error - unable to connect to server: Connection refused",
                 "timestamp": "2020-02-20T19:03:00+01:00"}


def test_iperf3_json_runs_become_samples(estate, tmp_path):
    path = tmp_path / "iperf3.json"
    path.write_text(json.dumps(IPERF3_OK, indent=2) + "\n" + json.dumps(IPERF3_FAILED) + "\n")

    result = ingest_file(path, residence=estate["lyon_a"])
    rows = stored_rows()

    assert result.file_format == "iperf3"
    assert result.added == 2
    assert rows[0][1] == datetime(2020, 2, 20, 18, 0)
    assert rows[0][4] == pytest.approx(12.4)                  # mean_rtt is in microseconds
    assert rows[0][5] == pytest.approx(95.0)                  # received, in Mb/s
    assert rows[1][3] is False


def test_iperf3_failure_without_timestamp_is_rejected(estate, tmp_path):
    path = tmp_path / "iperf3.json"
    failed = dict(IPERF3_FAILED)
    del failed["timestamp"]
    path.write_text(json.dumps(failed))

    with pytest.raises(ImportFailed) as failure:
        ingest_file(path, residence=estate["lyon_a"])

    assert "timestamp" in failure.value.problems[0].message


def test_ping_and_fping_rounds_use_median(estate, tmp_path):
    ping = tmp_path / "ping.log"
    ping.write_text(
        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
        "[1582221600.100000] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=10.0 ms\n"
        "[1582221601.100000] 64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=90.0 ms\n"
        "[1582221602.100000] 64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=12.0 ms\n"
        "[1582221780.100000] no answer yet for icmp_seq=4\n")
    fping = tmp_path / "fping.txt"
    fping.write_text(
        "[1582221960.12345] 127.0.0.1 : [0], 64 bytes, 0.51 ms (0.51 avg, 0% loss)\n"
        "[1582221961.12345] 127.0.0.1 : [1], 64 bytes, 0.61 ms (0.56 avg, 0% loss)\n")

    ingest_file(ping, residence=estate["lyon_a"])
    ingest_file(fping, residence=estate["lyon_a"])
    rows = stored_rows()

    assert [row[3] for row in rows] == [True, False, True]
    assert rows[0][4] == 12.0
    assert rows[2][4] == pytest.approx(0.56)


def test_ping_output_needs_a_residence(estate, tmp_path):
    path = tmp_path / "ping.log"
    path.write_text("[1582221600.1] 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=10.0 ms\n")

    with pytest.raises(ImportFailed, match="--residence"):
        ingest_file(path)


def test_report_ingest_command_prints_gaps(estate, tmp_path, capsys):
    path = tmp_path / "gappy.csv"
    path.write_text("residence,timestamp,reachable\nlyon-a,2020-02-10T10:00:00Z,1\nlyon-a,2020-02-10T11:00:00Z,1\n")

    call_command("report", "ingest", str(path))
    output = capsys.readouterr().out

    assert "2 added" in output
    assert "19 sample(s) missing" in output


def test_report_ingest_command_rejects_unknown_residence(estate, tmp_path):
    path = tmp_path / "ping.log"
    path.write_text("")

    with pytest.raises(CommandError, match="not found"):
        call_command("report", "ingest", str(path), "--residence", "nowhere")


def test_report_monthly_writes_each_format(estate, tmp_path, capsys):
    path = tmp_path / "probes.csv"
    path.write_text("residence,timestamp,reachable,latency_ms,throughput_mbps\nlyon-a,2020-02-10T18:30:00Z,1,7,33\n")
    call_command("report", "ingest", str(path))

    for file_format in ("xlsx", "pdf"):
        output = tmp_path / f"report.{file_format}"
        call_command("report", "monthly", "--month", "2020-02", "--crous", "LYON", "--format", file_format,
                     "--output", str(output))
        assert output.stat().st_size > 1000
    capsys.readouterr()
    call_command("report", "monthly", "--month", "2020-02", "--crous", "lyon", "--format", "csv")
    lines = capsys.readouterr().out.splitlines()

    assert lines[1].startswith("CROUS LYON;100,00;100,00;7,00;33,00")
    assert lines[3].startswith("Résidence André Allix;100;100;7;33;33;33;33;0;Fibre")


def test_report_monthly_rejects_bad_arguments(estate):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("report", "monthly", "--month", "02/2020", "--format", "csv")
    with pytest.raises(CommandError, match="not found"):
        call_command("report", "monthly", "--month", "2020-02", "--crous", "Atlantis", "--format", "csv")
    with pytest.raises(CommandError, match="--output"):
        call_command("report", "monthly", "--month", "2020-02", "--format", "pdf")


def test_bad_value_after_type_sample_is_named(estate, tmp_path):
    path = tmp_path / "long.csv"
    lines = ["residence,timestamp,reachable,latency_ms,throughput_mbps"]
    lines += [f"lyon-a,2020-02-10T00:00:00Z,1,{index % 50},40" for index in range(30_000)]
    lines.append("lyon-a,2020-02-11T00:00:00Z,1,slow,40")
    path.write_text("\n".join(lines) + "\n")

    with pytest.raises(ImportFailed) as failure:
        ingest_file(path)

    problem = failure.value.problems[0]
    assert (problem.line, problem.column, problem.value) == (30_002, "latency_ms", "slow")


@pytest.mark.parametrize("name", ["photo.csv", "photo.parquet"])
def test_binary_file_gets_a_message(estate, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 8)

    with pytest.raises(ImportFailed) as failure:
        ingest_file(path)

    assert failure.value.problems[0].file == name
    assert "cannot be read as a probe file" in failure.value.problems[0].message


def test_iperf3_wrong_shape_gets_a_message(estate, tmp_path):
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"start": "x", "end": [1, 2]}))

    with pytest.raises(ImportFailed):
        ingest_file(path, file_format="iperf3", residence=estate["lyon_a"])


def test_report_ingest_stores_nothing_when_one_file_is_bad(estate, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("residence,timestamp,reachable\nlyon-a,2020-02-10T10:00:00Z,1\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("residence,timestamp,reachable\nlyon-a,not-a-date,1\n")

    with pytest.raises(CommandError):
        call_command("report", "ingest", str(good), str(bad))

    assert store.month_files(FEBRUARY) == []
