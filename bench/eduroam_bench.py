"""eduroam: what our service-provider layer costs per authentication.

    .venv/bin/python bench/eduroam_bench.py [--rounds 40] [--method TTLS|PEAP]

All on loopback, in one command:
- PostgreSQL database pc_eduroam_bench (dropped and created) with one
  residence where eduroam is active, its NAS and one federation proxy;
- the platform under gunicorn (2 sync workers), DEBUG off, which stores the
  record FreeRADIUS posts after each authentication;
- a FreeRADIUS playing the federation and the home institution (the test
  one: EAP-TTLS/PAP and PEAP/MSCHAPv2, CUI, test CA), and our eduroam
  FreeRADIUS (standalone configuration) proxying to it.

Each round runs one full eapol_test authentication through our server and
one directly against the home institution, alternately, so both see the
same machine load. The baseline is the direct one: the ratio is the time
an authentication takes through our layer (identity checks, Operator-Name,
CUI request, proxying, the record posted and stored) over the time without
it. A third series measures local rejections (malformed realm).
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
DATABASE = "pc_eduroam_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


def setup_django(data_dir: Path):
    os.environ.update({"DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": "planetcampus.settings",
                       "DEBUG": "false", "LOG_LEVEL": "WARNING", "DJANGO_ENV": "demo",
                       "PLANETCAMPUS_DATA_DIR": str(data_dir)})
    for statement in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", statement], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_data(federation):
    from planetcampus.aaa.secrets import set_secret
    from planetcampus.eduroam.models import FederationProxy
    from planetcampus.estate.models import Crous, Nas, Residence

    crous = Crous.objects.create(code="bench", name="CROUS Bench")
    residence = Residence.objects.create(code="bench-a", name="Résidence Bench", crous=crous,
                                         offer="planetcampus", eduroam_enabled=True)
    nas = Nas.objects.create(residence=residence, identifier="bench-gw1", ip_address="127.0.0.1",
                             vendor="hostapd", secret_ref="bench-gw1")
    set_secret("federation", federation.secret)
    FederationProxy.objects.create(name="flr", host="127.0.0.1", port=federation.port, secret_ref="federation")
    return nas


def start_gunicorn(port: int):
    argv = [str(ROOT / ".venv/bin/gunicorn"), "planetcampus.wsgi:application", "-b", f"127.0.0.1:{port}",
            "-w", "2", "-k", "gthread", "--threads", "4", "--log-level", "warning"]
    process = subprocess.Popen(argv, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on {port}")


def warm_up(port: int, token: str, requests: int = 24) -> None:
    """Send invalid records until every gunicorn worker thread has loaded Django (the first takes seconds)."""
    import concurrent.futures
    import urllib.error
    import urllib.request

    def post(_number):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/fr/eduroam/radius/authentications/", data=b"{}",
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=60)
        except urllib.error.HTTPError:
            pass

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(post, range(requests)))


def timed(run) -> float:
    started = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - started
    if not result.success:
        raise RuntimeError(f"authentication failed:\n{result.output[-2000:]}")
    return elapsed


def summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return (f"{name:<28} median {statistics.median(values) * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms   "
            f"n={len(values)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="Authentications per series.")
    parser.add_argument("--method", choices=["TTLS", "PEAP"], default="TTLS", help="EAP method of the station.")
    parser.add_argument("--keep", action="store_true", help="Keep the work directory (logs) and print its path.")
    options = parser.parse_args()

    from tests.eduroam.radius import ACCOUNTS, HOME_REALM, Federation, Server, eapol_test, free_udp_port, \
        make_certificates

    workdir = Path(tempfile.mkdtemp(prefix="eduroam-bench-"))
    processes = []
    try:
        setup_django(workdir / "data")
        certificates = make_certificates(workdir / "certs")
        federation = Federation(workdir / "federation", certificates, free_udp_port()).write()
        processes.append(Server(federation.directory, "federation").start())
        nas = make_data(federation)

        from planetcampus.aaa.secrets import secret_for
        from planetcampus.eduroam.models import Authentication
        from planetcampus.eduroam.standalone import render_standalone

        web_port = free_udp_port()
        gunicorn = start_gunicorn(web_port)
        from django.conf import settings

        warm_up(web_port, settings.RADIUS_API_TOKEN)
        port = free_udp_port()
        render_standalone(workdir / "sp", api_url=f"http://127.0.0.1:{web_port}", port=port, reject_delay=0)
        processes.append(Server(workdir / "sp", "service provider").start())

        eapol = shutil.which("eapol_test") or "/usr/sbin/eapol_test"
        common = dict(identity="alice", password=ACCOUNTS["alice"], method=options.method,
                      ca_cert=certificates / "ca.pem")

        def through_us(identity=f"anonymous@{HOME_REALM}"):
            return eapol_test(eapol, workdir, port=port, secret=secret_for(nas), anonymous_identity=identity,
                              **common)

        def direct():
            return eapol_test(eapol, workdir, port=federation.port, secret=federation.secret,
                              anonymous_identity=f"anonymous@{HOME_REALM}", **common)

        class Rejected:
            def __init__(self):
                result = through_us("anonymous@no-dot")
                self.success = not result.success and "CTRL-EVENT-EAP-FAILURE" in result.output
                self.output = result.output

        proxied, baseline, rejected = [], [], []
        for _round in range(options.rounds):
            baseline.append(timed(direct))
            proxied.append(timed(through_us))
            rejected.append(timed(Rejected))

        stored = Authentication.objects.count()
        spooled = workdir / "sp" / "eduroam" / "spool" / "authentications.jsonl"
        spooled_lines = len(spooled.read_text().splitlines()) if spooled.exists() else 0
        print(f"eduroam bench: {options.rounds} rounds, EAP-{options.method}, {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}, {stored} records stored, {spooled_lines} spooled "
              f"(platform answered after the 2 s rest timeout)")
        print(summary("direct to home (baseline)", baseline))
        print(summary("through our eduroam server", proxied))
        print(summary("local reject (malformed)", rejected))
        print(f"ratio through us / direct (median): {statistics.median(proxied) / statistics.median(baseline):.2f}")
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
    finally:
        for server in processes:
            server.stop()
        if options.keep:
            print(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
