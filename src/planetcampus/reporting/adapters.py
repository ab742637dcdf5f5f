"""Readers of raw probe-tool output: iperf3 JSON and ping/fping logs.

These files are small (one residence, one tool), so they are parsed in
Python and handed to the same validation and storage path as CSV.
"""

import json
import re
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from planetcampus.core.imports import ImportProblem

PROBE_INTERVAL_SECONDS = 180


@dataclass
class Sample:
    line: int
    timestamp: datetime
    reachable: bool
    latency_ms: float | None = None
    throughput_mbps: float | None = None


def _documents(text: str):
    """Yield (line, document) for a JSON array, one document or documents written one after another."""
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            return
        document, end = decoder.raw_decode(text, position)
        line = text.count("\n", 0, position) + 1
        if isinstance(document, list):
            for item in document:
                yield line, item
        else:
            yield line, document
        position = end


def parse_iperf3(path: Path) -> tuple[list[Sample], list[ImportProblem]]:
    """Read `iperf3 -J` results: one sample per run.

    Throughput is what the client received (sum_received, so run the probe
    with -R to measure the download a resident gets); latency is the mean TCP
    round-trip time that iperf3 reports in microseconds on Linux. A run that
    failed ("error" key) is an unreachable sample. iperf3 writes no timestamp
    when the connection fails, so the collector must add a top-level
    "timestamp" (ISO 8601 or Unix seconds) to such documents.
    """
    samples, problems = [], []
    try:
        documents = list(_documents(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return [], [ImportProblem(path.name, getattr(error, "lineno", None), "", "", f"invalid JSON ({error}); give the output of iperf3 -J.")]
    for line, document in documents:
        if not isinstance(document, dict):
            problems.append(ImportProblem(path.name, line, "", "", "not an iperf3 result object; give the output of iperf3 -J."))
            continue
        timestamp = _iperf3_timestamp(document)
        if timestamp is None:
            problems.append(ImportProblem(path.name, line, "start.timestamp.timesecs", "",
                                          "missing timestamp; add a top-level \"timestamp\" to failed runs."))
            continue
        if document.get("error"):
            samples.append(Sample(line, timestamp, reachable=False))
            continue
        end = document.get("end") or {}
        summary = end.get("sum_received") or end.get("sum") or {}
        bits = summary.get("bits_per_second")
        if bits is None:
            problems.append(ImportProblem(path.name, line, "end.sum_received.bits_per_second", "",
                                          "missing throughput in a run without error; give the full iperf3 -J output."))
            continue
        samples.append(Sample(line, timestamp, reachable=True, latency_ms=_iperf3_rtt(end),
                              throughput_mbps=float(bits) / 1_000_000))
    return samples, problems


def _iperf3_timestamp(document) -> datetime | None:
    seconds = ((document.get("start") or {}).get("timestamp") or {}).get("timesecs")
    if seconds is not None:
        return datetime.fromtimestamp(float(seconds), UTC)
    value = document.get("timestamp")
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(float(value), UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _iperf3_rtt(end) -> float | None:
    rtts = [stream["sender"]["mean_rtt"] for stream in end.get("streams", [])
            if isinstance(stream.get("sender"), dict) and stream["sender"].get("mean_rtt")]
    return statistics.fmean(rtts) / 1000 if rtts else None


# iputils ping -D (-O):  [1582189200.123456] 64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=0.512 ms
#                        [1582189201.123456] no answer yet for icmp_seq=2
# fping -D:              [1582189200.12345] 192.0.2.1 : [0], 64 bytes, 0.51 ms (0.51 avg, 0% loss)
#                        [1582189201.12345] 192.0.2.1 : [1], timed out (0.51 avg, 50% loss)
PING_REPLY = re.compile(r"^\[(?P<epoch>\d+(?:\.\d+)?)\]\s.*?\btime[=<](?P<rtt>\d+(?:\.\d+)?)\s*ms")
FPING_REPLY = re.compile(r"^\[(?P<epoch>\d+(?:\.\d+)?)\]\s+\S+\s+:\s+\[\d+\],\s+\d+\s+bytes,\s+(?P<rtt>\d+(?:\.\d+)?)\s+ms")
LOST = re.compile(r"^\[(?P<epoch>\d+(?:\.\d+)?)\]\s.*(?:no answer yet|timed out|Request timeout|Destination Host Unreachable)")


def parse_ping(path: Path) -> tuple[list[Sample], list[ImportProblem]]:
    """Read `ping -D -O` or `fping -D` output and group the echoes into 3-minute rounds.

    A round with at least one reply is reachable, and its latency is the
    median round-trip time of the round (as SmokePing reports), so one late
    echo does not become the month's maximum latency.
    """
    rounds: dict[int, dict] = {}
    for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        text = text.strip()
        reply = PING_REPLY.match(text) or FPING_REPLY.match(text)
        lost = None if reply else LOST.match(text)
        match = reply or lost
        if not match:
            continue
        epoch = float(match.group("epoch"))
        slot = int(epoch // PROBE_INTERVAL_SECONDS) * PROBE_INTERVAL_SECONDS
        current = rounds.setdefault(slot, {"line": number, "rtts": []})
        if reply:
            current["rtts"].append(float(reply.group("rtt")))
    if not rounds:
        return [], [ImportProblem(path.name, None, "", "",
                                  "no timestamped echo found; run ping with -D -O, or fping with -D.")]
    samples = [
        Sample(current["line"], datetime.fromtimestamp(slot, UTC), reachable=bool(current["rtts"]),
               latency_ms=statistics.median(current["rtts"]) if current["rtts"] else None)
        for slot, current in sorted(rounds.items())
    ]
    return samples, []
