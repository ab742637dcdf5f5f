"""Portal throughput: sign-in page and captive probes beside a static file, same server, same run.

    .venv/bin/python bench/portal_bench.py [--seconds 4] [--rounds 3] [--clients 8] [--workers 2] [--threads 4] [--cache redis|db]

What runs, all on loopback, in one command:
- PostgreSQL database pc_portal_bench (dropped and created) with the
  migrations, one residence and its CoovaChilli NAS, and one signed-in
  visit for 127.0.0.1 so the "online" probe and API responses can be timed;
- the platform under gunicorn (gthread workers, keep-alive), DEBUG off,
  logs at WARNING, cache in Redis (REDIS_URL) unless --cache db;
- a load generator of --clients processes, each with one keep-alive HTTP
  connection sending GET requests back to back for --seconds per target.

The baseline is WhiteNoise serving portal.css from the same gunicorn: what
the server does for a request that touches neither Django views nor the
database. The ratio column is target / baseline.
"""

import argparse
import http.client
import multiprocessing
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATABASE = "pc_portal_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"

# (name, path, expected statuses, client source address). The visit seeded
# below signs in 127.0.0.1; requests from 127.0.0.2 are from a captive client.
SIGNED_IN, CAPTIVE = "127.0.0.1", "127.0.0.2"
TARGETS = [
    ("static file (baseline)", "/static/portal/portal.css", {200}, SIGNED_IN),
    ("sign-in page /fr/portal/", "/fr/portal/", {200}, CAPTIVE),
    ("probe before sign-in (302)", "/generate_204", {302}, CAPTIVE),
    ("probe after sign-in (204)", "/generate_204", {204}, SIGNED_IN),
    ("Apple probe after sign-in", "/hotspot-detect.html", {200}, SIGNED_IN),
    ("RFC 8908 API, captive", "/captive-portal/api/", {200}, CAPTIVE),
    ("RFC 8908 API, signed in", "/captive-portal/api/", {200}, SIGNED_IN),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(cache: str) -> dict:
    environment = {"DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": "planetcampus.settings", "DEBUG": "false",
                   "LOG_LEVEL": "WARNING", "DJANGO_ENV": "demo", "ALLOWED_HOSTS": "127.0.0.1"}
    if cache == "redis":
        environment["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    os.environ.update(environment)
    for statement in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", statement], check=True)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return environment


def seed_visits():
    """Two visits: a captive one and one signed in from 127.0.0.1 (the load generator)."""
    from datetime import timedelta

    from planetcampus.accounts.models import User
    from planetcampus.core.clock import now
    from planetcampus.estate.models import Crous, Nas, Residence
    from planetcampus.portal.models import PortalVisit
    from planetcampus.portal.visits import open_visit

    crous, _ = Crous.objects.get_or_create(code="lyon", defaults={"name": "Crous Lyon"})
    residence = Residence.objects.create(code="bench-a", name="Résidence Bench", crous=crous, dwellings=100)
    nas = Nas.objects.create(residence=residence, identifier="bench-gw1", ip_address="127.0.0.9",
                             vendor="coovachilli", secret_ref="bench-gw1")
    user = User.objects.create_user("bench@etu.test", "Bench-Password-2026", kind=User.Kind.RESIDENT)
    visit = open_visit(nas=nas, client_mac="02-00-00-00-00-01", client_ip="127.0.0.1")
    PortalVisit.objects.filter(pk=visit.pk).update(user=user, signed_in_at=now(), session_ends_at=now() + timedelta(hours=8))


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [str(ROOT / ".venv/bin/gunicorn"), "planetcampus.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
               "--keep-alive", "30", "--log-level", "warning", "--chdir", str(ROOT / "src")]
    server = subprocess.Popen(command, env=os.environ.copy(), start_new_session=True)
    # Ready when a worker has imported Django and serves the baseline file.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", TARGETS[0][1])
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGKILL)
    raise RuntimeError("gunicorn did not serve the baseline file within 120 s")


def _client(port, path, expected, source, seconds, results):
    def connect():
        return http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))

    connection = connect()
    done = wrong = 0
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept-Language": "fr"})
            response = connection.getresponse()
            response.read()
        except OSError:
            # A timeout or reset counts as a wrong response; start a new connection.
            wrong += 1
            connection.close()
            connection = connect()
            continue
        latencies.append(time.perf_counter() - started)
        done += 1
        wrong += response.status not in expected
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = connect()
    results.put((done, wrong, latencies or [0.0]))


def measure(port, path, expected, source, seconds, clients) -> dict:
    results = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=_client, args=(port, path, expected, source, seconds, results))
                 for _ in range(clients)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=seconds + 60) for _ in processes]
    for process in processes:
        process.join()
    done = sum(outcome[0] for outcome in outcomes)
    latencies = sorted(latency for outcome in outcomes for latency in outcome[2])
    return {"rps": done / seconds, "wrong": sum(outcome[1] for outcome in outcomes),
            "p50_ms": latencies[len(latencies) // 2] * 1000, "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000}


def _median_round(results: list[dict]) -> dict:
    ordered = sorted(results, key=lambda result: result["rps"])
    return ordered[len(ordered) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4, help="duration of each target's load per round, in seconds")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all targets; each figure is the median round")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--cache", choices=["redis", "db"], default="redis", help="Django cache back end")
    arguments = parser.parse_args()

    prepare_database(arguments.cache)
    seed_visits()
    port = free_port()
    server = start_gunicorn(port, arguments.workers, arguments.threads)
    try:
        # Warm up every worker (imports, templates, database connections).
        for _name, path, expected, source in TARGETS:
            measure(port, path, expected, source, 1, arguments.clients)
        # Targets take turns, round after round, so a change in the machine's
        # background load touches every target alike; the median round is kept.
        rounds = {name: [] for name, *_rest in TARGETS}
        load_before = os.getloadavg()[0]
        for _round in range(arguments.rounds):
            for name, path, expected, source in TARGETS:
                rounds[name].append(measure(port, path, expected, source, arguments.seconds, arguments.clients))
        load_after = os.getloadavg()[0]
        rows = [(name, path, _median_round(rounds[name])) for name, path, *_rest in TARGETS]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    baseline = rows[0][2]["rps"]
    print(f"\nPortal benchmark on {platform.node()} ({os.cpu_count()} CPUs, Python {platform.python_version()}), "
          f"gunicorn {arguments.workers}x{arguments.threads} gthread, {arguments.clients} keep-alive clients, "
          f"{arguments.rounds} rounds of {arguments.seconds:g} s per target (median round), cache {arguments.cache}, "
          f"load average {load_before:.1f} before and {load_after:.1f} after\n")
    print(f"| {'target':<30} | {'req/s':>8} | {'vs static':>9} | {'p50 ms':>7} | {'p99 ms':>7} | {'wrong':>5} |")
    print(f"|{'-' * 32}|{'-' * 10}|{'-' * 11}|{'-' * 9}|{'-' * 9}|{'-' * 7}|")
    for name, _path, result in rows:
        print(f"| {name:<30} | {result['rps']:>8.0f} | {result['rps'] / baseline:>9.2f} | {result['p50_ms']:>7.1f} | "
              f"{result['p99_ms']:>7.1f} | {result['wrong']:>5} |")


if __name__ == "__main__":
    main()
