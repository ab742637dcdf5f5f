"""RADIUS throughput and latency: FreeRADIUS + the platform, beside FreeRADIUS alone.

    .venv/bin/python bench/aaa_bench.py [--requests 6000] [--workers 3] [--in-flight 64]

What runs, all on loopback, in one command:
- PostgreSQL database pc_aaa_bench (dropped and created), with one
  PlanetCampus residence, its CoovaChilli NAS, N residents, their known
  devices and N one-time portal credentials;
- the platform under gunicorn (gthread workers), DEBUG off, logs at WARNING;
- FreeRADIUS with our generated configuration, plus the "ceiling" virtual
  server answering the same kind of PAP Access-Request from its files module.

The client is asynchronous (asyncio, one UDP socket per 200 requests in
flight: radclient stalls above 255 per instance and busy-waits, see
docs/aaa.md); packets are encoded before the clock starts. Each request is
timed from send to reply. Scenarios, in order: ceiling, MAC
re-authentication, portal sign-in (each credential once), accounting Start
(acknowledged by FreeRADIUS once buffered; the drain time until the
platform has stored every session is reported too).
"""

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATABASE = "pc_aaa_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
SECRET = "bench-secret-0123456789"
PASSWORD = "BenchPassword123"
NATIONAL_DEVICES = 580_000


def free_port(kind=socket.SOCK_DGRAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_django():
    os.environ.update({"DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": "planetcampus.settings",
                       "DEBUG": "false", "LOG_LEVEL": "WARNING", "DJANGO_ENV": "demo"})
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}"], check=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DATABASE}"], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_data(count: int):
    """Residents with a known device each, and one-time credentials for each."""
    from datetime import timedelta

    from planetcampus.aaa.models import Device
    from planetcampus.accounts.models import User
    from planetcampus.core.clock import now
    from planetcampus.estate.models import Crous, Nas, Residence, Ssid
    from planetcampus.portal.handoff import _digest
    from planetcampus.portal.models import PortalLogin

    crous = Crous.objects.create(code="bench", name="CROUS Bench")
    residence = Residence.objects.create(code="bench-a", name="Résidence Bench", crous=crous, offer="planetcampus")
    nas = Nas.objects.create(residence=residence, identifier="bench-gw1", ip_address="127.0.0.1",
                             vendor="coovachilli", secret_ref="bench-gw1")
    Ssid.objects.create(residence=residence, name="PlanetCampus", purpose="captive")
    moment = now()
    users = User.objects.bulk_create([User(email=f"resident{i}@bench.test", kind="resident", password="!")
                                      for i in range(count)])
    macs = [f"02:00:{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x}:01" for i in range(count)]
    Device.objects.bulk_create([Device(user=user, mac=mac, first_seen=moment, last_seen=moment, randomised=True,
                                       residence=residence, last_ssid_purpose="captive")
                                for user, mac in zip(users, macs)])
    digest = _digest(PASSWORD)
    PortalLogin.objects.bulk_create([
        PortalLogin(user=user, username=f"pc-{i:012x}", password_hash=digest, client_mac=mac, nas=nas,
                    created_at=moment, expires_at=moment + timedelta(hours=2))
        for i, (user, mac) in enumerate(zip(users, macs))])
    return nas, macs


def start_gunicorn(port: int, workers: int, threads: int):
    argv = [str(ROOT / ".venv/bin/gunicorn"), "planetcampus.wsgi:application", "-b", f"127.0.0.1:{port}",
            "-w", str(workers), "-k", "gthread", "--threads", str(threads), "--keep-alive", "30",
            "--log-level", "warning"]
    process = subprocess.Popen(argv, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, cwd=ROOT)
    wait_tcp(port)
    return process


def wait_tcp(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def start_freeradius(directory: Path, web_port: int, macs, ceiling_users):
    from planetcampus.aaa.radius_config import Client, Layout, write_config

    from django.conf import settings

    settings.RADIUS_CACHE_CONTROL_PORT = free_port()
    layout = Layout(directory=directory, api_url=f"http://127.0.0.1:{web_port}/radius", auth_port=free_port(),
                    acct_port=free_port(), ceiling_port=free_port(), ceiling_users=ceiling_users,
                    reject_delay=0, threads=32, cache_control_port=settings.RADIUS_CACHE_CONTROL_PORT)
    write_config(layout, [Client("bench-gw1", "127.0.0.1", SECRET)])
    process = subprocess.Popen(["/usr/sbin/freeradius", "-f", "-d", str(directory)])
    log = directory / "log" / "radius.log"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (log.exists() and "Ready to process" in log.read_text()):
        time.sleep(0.1)
    return process, layout


def encode_requests(kind: str, items, sockets: int):
    """Pre-encode the packets; packet i goes to socket i % sockets with a distinct Identifier there."""
    from pyrad import packet as radius

    from planetcampus.aaa.dynauth import dictionary

    encoded = []
    for index, item in enumerate(items):
        identifier = (index // sockets) % 256
        if kind == "acct":
            request = radius.AcctPacket(id=identifier, secret=SECRET.encode(), dict=dictionary())
            for name, value in item.items():
                request[name] = value
            encoded.append(request.RequestPacket())
            continue
        request = radius.AuthPacket(id=identifier, secret=SECRET.encode(), dict=dictionary(),
                                    message_authenticator=True)
        for name, value in item.items():
            request[name] = request.PwCrypt(value) if name == "User-Password" else value
        encoded.append(request.RequestPacket())
    return encoded


async def blast(port: int, packets, in_flight: int, sockets: int):
    """Send with at most `in_flight` outstanding; return (seconds, latencies, reply codes)."""
    loop = asyncio.get_running_loop()
    latencies, codes = [], {}
    pending: dict[tuple[int, int], tuple[float, asyncio.Future]] = {}

    class Receiver(asyncio.DatagramProtocol):
        def __init__(self, number):
            self.number = number

        def datagram_received(self, data, addr):
            entry = pending.pop((self.number, data[1]), None)
            if entry:
                latencies.append(time.perf_counter() - entry[0])
                codes[data[0]] = codes.get(data[0], 0) + 1
                entry[1].set_result(None)

    transports = []
    for number in range(sockets):
        transport, _ = await loop.create_datagram_endpoint(lambda n=number: Receiver(n), remote_addr=("127.0.0.1", port))
        transports.append(transport)
    window = asyncio.Semaphore(in_flight)

    async def one(index, raw):
        async with window:
            key = (index % sockets, raw[1])
            while key in pending:
                await asyncio.sleep(0.001)
            future = loop.create_future()
            pending[key] = (time.perf_counter(), future)
            transports[key[0]].sendto(raw)
            try:
                await asyncio.wait_for(future, timeout=10)
            except asyncio.TimeoutError:
                pending.pop(key, None)
                codes["timeout"] = codes.get("timeout", 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(one(index, raw) for index, raw in enumerate(packets)))
    elapsed = time.perf_counter() - started
    for transport in transports:
        transport.close()
    return elapsed, latencies, codes


def run(name, port, packets, in_flight, sockets):
    elapsed, latencies, codes = asyncio.run(blast(port, packets, in_flight, sockets))
    latencies.sort()
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan")
    rate = len(latencies) / elapsed
    names = {2: "accept", 3: "reject", 5: "acct-response"}
    summary = ", ".join(f"{names.get(code, code)} {count}" for code, count in sorted(codes.items(), key=str))
    print(f"{name:<28} {rate:8.0f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   ({summary})")
    return rate, p50, p99, codes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--in-flight", type=int, default=64)
    options = parser.parse_args()
    count, sockets = options.requests, max(1, options.in_flight // 200 + 1)

    setup_django()
    nas, macs = make_data(count)
    web_port = free_port(socket.SOCK_STREAM)
    directory = Path(tempfile.mkdtemp(prefix="aaa-bench-"))
    gunicorn = start_gunicorn(web_port, options.workers, options.threads)
    ceiling_users = [(f"02{mac[3:].replace(':', '')}", f"02{mac[3:].replace(':', '')}") for mac in macs]
    freeradius, layout = start_freeradius(directory, web_port, macs, ceiling_users)
    try:
        print(f"machine: {os.cpu_count()} cores; {count} requests per scenario, {options.in_flight} in flight; "
              f"gunicorn {options.workers} workers x {options.threads} threads; PostgreSQL")
        called = "00-AA-BB-CC-DD-01:PlanetCampus"

        def mac_request(mac):
            bare = mac.replace(":", "")
            return {"User-Name": bare, "User-Password": bare, "Calling-Station-Id": mac.replace(":", "-").upper(),
                    "Called-Station-Id": called, "NAS-Identifier": "bench-gw1"}

        # Warm up both paths (connection pools, worker imports) with devices not used afterwards.
        run("warm-up", layout.auth_port, encode_requests("auth", [mac_request(m) for m in macs[-200:]], sockets),
            options.in_flight, sockets)
        measured = macs[:-200]
        ceiling = run("ceiling (FreeRADIUS files)", layout.ceiling_port,
                      encode_requests("auth", [mac_request(m) for m in measured], sockets), options.in_flight, sockets)
        cold = run("MAC re-auth, platform (cold)", layout.auth_port,
                   encode_requests("auth", [mac_request(m) for m in measured], sockets), options.in_flight, sockets)
        reauth = run("MAC re-auth, FreeRADIUS cache", layout.auth_port,
                     encode_requests("auth", [mac_request(m) for m in measured], sockets), options.in_flight, sockets)
        signin = run("portal sign-in", layout.auth_port, encode_requests("auth", [
            {"User-Name": f"pc-{i:012x}", "User-Password": PASSWORD, "Calling-Station-Id": mac.replace(":", "-"),
             "Called-Station-Id": called, "NAS-Identifier": "bench-gw1"} for i, mac in enumerate(macs)], sockets),
            options.in_flight, sockets)
        started = time.perf_counter()
        acct = run("accounting Start (buffered)", layout.acct_port, encode_requests("acct", [
            {"Acct-Status-Type": "Start", "User-Name": mac.replace(":", ""), "Acct-Session-Id": f"B{i}",
             "Calling-Station-Id": mac.replace(":", "-"), "Called-Station-Id": called, "NAS-Identifier": "bench-gw1",
             "Framed-IP-Address": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"} for i, mac in enumerate(macs)],
            sockets), options.in_flight, sockets)
        drained = drain(count, started)
        report(ceiling, cold, reauth, signin, drained)
    finally:
        for process in (freeradius, gunicorn):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
        shutil.rmtree(directory, ignore_errors=True)


def drain(count, started):
    from django.db import connection

    from planetcampus.aaa.models import AccountingSession

    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        stored = AccountingSession.objects.count()
        if stored >= count:
            break
        time.sleep(0.5)
        connection.close()
    elapsed = time.perf_counter() - started
    rate = AccountingSession.objects.count() / elapsed
    print(f"{'accounting stored by platform':<28} {rate:8.0f} req/s   ({AccountingSession.objects.count()} sessions in {elapsed:.1f} s)")
    return rate


def report(ceiling, cold, warm, signin, drained):
    print()
    print(f"MAC re-auth (cache) / ceiling:    {warm[0] / ceiling[0]:.2f}")
    print(f"MAC re-auth (platform) / ceiling: {cold[0] / ceiling[0]:.2f}")
    print(f"portal sign-in / ceiling:         {signin[0] / ceiling[0]:.2f}")
    print(f"national reconnection of {NATIONAL_DEVICES:,} devices: {NATIONAL_DEVICES / warm[0] / 60:.1f} minutes "
          f"with FreeRADIUS's cache warm, {NATIONAL_DEVICES / cold[0] / 60:.1f} minutes cold (FreeRADIUS restarted); "
          f"the platform stores their accounting Start in {NATIONAL_DEVICES / drained / 60:.1f} minutes, "
          f"buffered meanwhile")


if __name__ == "__main__":
    main()
