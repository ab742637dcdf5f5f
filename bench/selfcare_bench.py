"""Private WiFi answer cost: a never-seen device found from its handshake, beside a registered one.

    .venv/bin/python bench/selfcare_bench.py [--subscribers 1000] [--requests 200]

In one command, on PostgreSQL database pc_selfcare_bench (dropped and
created): one residence with N private WiFi subscribers, then
`authorize_private_wifi` called directly (no FreeRADIUS, no HTTP):
- baseline: a registered MAC address (one indexed lookup);
- handshake: a new station whose EAPOL message 2 matches the last key of
  the residence, so every stored PMK is tried; the learned binding is
  deleted after each request so the search runs every time.
A CPU-only line gives the MIC check per candidate PMK, and PBKDF2 per key,
the cost the stored PMKs avoid.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATABASE = "pc_selfcare_bench"
SSID = "PlanetCampus-Prive"


def setup_django():
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    os.environ.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}", DJANGO_ENV="test",
                      DJANGO_SETTINGS_MODULE="planetcampus.settings", LOG_LEVEL="WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_residence(subscribers: int):
    from planetcampus.access.models import Resident
    from planetcampus.accounts.models import User
    from planetcampus.estate.models import Crous, Nas, Residence, Ssid
    from planetcampus.selfcare import services

    crous = Crous.objects.create(code="bench", name="CROUS Bench")
    residence = Residence.objects.create(code="bench-a", name="Bench", crous=crous, offer="planetcampus",
                                         private_wifi_enabled=True)
    Ssid.objects.create(residence=residence, name=SSID, purpose="private")
    nas = Nas.objects.create(residence=residence, identifier="bench-ap", ip_address="127.0.0.9", vendor="hostapd",
                             secret_ref="bench-ap")
    subscriptions = []
    for index in range(subscribers):
        user = User.objects.create_user(f"r{index}@bench.test", None, kind=User.Kind.RESIDENT)
        Resident.objects.create(residence=residence, last_name="R", first_name=str(index), user=user)
        subscriptions.append(services.subscribe(user))
    services.register_device(subscriptions[0], "3c:22:fb:00:00:01", "", actor=None)
    return nas, subscriptions


def timed(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def summary(label, samples, baseline=None):
    median = statistics.median(samples)
    p95 = sorted(samples)[int(len(samples) * 0.95) - 1]
    ratio = f"  x{median / baseline:.1f} baseline" if baseline else ""
    print(f"{label:44} median {median * 1000:8.2f} ms   p95 {p95 * 1000:8.2f} ms{ratio}")
    return median


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()

    setup_django()
    from planetcampus.selfcare.handshake import Handshake, build_message_2, matching
    from planetcampus.selfcare.keys import pmk_for
    from planetcampus.selfcare.models import BoundDevice
    from planetcampus.selfcare.radius import authorize_private_wifi

    started = time.perf_counter()
    nas, subscriptions = build_residence(options.subscribers)
    print(f"{options.subscribers} subscribers created in {time.perf_counter() - started:.1f} s "
          f"(PBKDF2 included); {os.cpu_count()} CPU(s), load {os.getloadavg()[0]:.1f}")

    target = subscriptions[-1]
    station = "0e:23:45:6a:02:0e"
    anonce, snonce = os.urandom(32), os.urandom(32)
    frame = build_message_2(pmk_for(target.key, SSID), bytes(6), bytes.fromhex(station.replace(":", "")), anonce, snonce)
    mac_request = {"Calling-Station-Id": "3C-22-FB-00-00-01", "Called-Station-Id": f"00-00-00-00-00-00:{SSID}"}
    handshake_request = {"Calling-Station-Id": station.replace(":", "-").upper(),
                         "Called-Station-Id": f"00-00-00-00-00-00:{SSID}",
                         "FreeRADIUS-802.1X-Anonce": "0x" + anonce.hex(),
                         "FreeRADIUS-802.1X-EAPoL-Key-Msg": "0x" + frame.hex()}

    def by_mac():
        assert authorize_private_wifi(nas, SSID, mac_request).accept

    def by_handshake():
        decision = authorize_private_wifi(nas, SSID, handshake_request)
        assert decision.accept and decision.reply["Tunnel-Password"] == target.key
        BoundDevice.objects.filter(mac=station).delete()

    baseline = summary("registered MAC (baseline)", timed(by_mac, options.requests))
    summary(f"handshake, search over {options.subscribers} keys", timed(by_handshake, options.requests), baseline)

    handshake = Handshake(bytes(6), bytes.fromhex(station.replace(":", "")), anonce, frame)
    pmks = [(index, pmk_for(f"KEY{index:09d}", SSID)) for index in range(200)]
    check = statistics.median(timed(lambda: matching(handshake, pmks), 20)) / len(pmks)
    derive = statistics.median(timed(lambda: pmk_for("WXCRF6HKTAMN", SSID), 50))
    print(f"{'CPU: MIC check per candidate PMK':44} {check * 1e6:8.1f} us")
    print(f"{'CPU: PBKDF2 per key (avoided by stored PMKs)':44} {derive * 1e6:8.1f} us   x{derive / check:.0f} a MIC check")


if __name__ == "__main__":
    main()
