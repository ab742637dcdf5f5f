"""Demo NAS for a few residences, and FreeRADIUS started beside the web server.

The demo residences come from the CNOUS open data loaded by the estate
demo; each gets a CoovaChilli gateway on a loopback address (127.0.1.x)
and its SSIDs. FreeRADIUS listens on RADIUS_DEMO_AUTH_PORT and
RADIUS_DEMO_ACCT_PORT (default 18120/18130, free for a non-root user;
set them to 1812/1813 when those are free and you run as root).
"""

import os
import socket
import sys
from pathlib import Path

from django.conf import settings

DEMO_RESIDENCES = 4
AUTH_PORT = int(os.environ.get("RADIUS_DEMO_AUTH_PORT", "18120"))
ACCT_PORT = int(os.environ.get("RADIUS_DEMO_ACCT_PORT", "18130"))
WEB_PORT = int(os.environ.get("PLANETCAMPUS_DEMO_PORT", "8000"))


def load(stdout):
    from planetcampus.aaa.models import OfferProfile
    from planetcampus.estate.models import Nas, Residence, Ssid

    OfferProfile.objects.get_or_create(offer="planetcampus", account_kind="resident",
                                       defaults={"down_kbps": 100_000, "up_kbps": 20_000})
    OfferProfile.objects.get_or_create(offer="planetcampus", account_kind="visitor",
                                       defaults={"down_kbps": 20_000, "up_kbps": 5_000, "idle_timeout": 900})
    residences = Residence.objects.filter(crous__code="lyon").order_by("code")[:DEMO_RESIDENCES]
    for number, residence in enumerate(residences, start=1):
        identifier = f"{residence.code}-gw1"
        Nas.objects.get_or_create(identifier=identifier, defaults={
            "residence": residence, "ip_address": f"127.0.1.{number}", "vendor": "coovachilli",
            "secret_ref": identifier})
        Ssid.objects.get_or_create(residence=residence, name="PlanetCampus", defaults={"purpose": "captive"})
        Ssid.objects.get_or_create(residence=residence, name="PlanetCampus-Prive", defaults={"purpose": "private"})
    stdout.write(f"AAA: {len(residences)} demo NAS (CoovaChilli on 127.0.1.x)\n")


def processes():
    from planetcampus.aaa.radius_config import Layout, clients_from_inventory, freeradius_available, write_config

    if not freeradius_available():
        sys.stdout.write("FreeRADIUS is not installed: run scripts/install-system-packages\n")
        return []
    auth_port, acct_port = _free(AUTH_PORT), _free(ACCT_PORT)
    directory = Path(settings.DATA_DIR) / "radius"
    write_config(Layout(directory=directory, api_url=f"http://127.0.0.1:{WEB_PORT}/radius", auth_port=auth_port,
                        acct_port=acct_port, reject_delay=0), clients_from_inventory())
    sys.stdout.write(f"FreeRADIUS: auth 127.0.0.1:{auth_port}, accounting 127.0.0.1:{acct_port}, "
                     f"configuration {directory}\n")
    return [("freeradius", ["/usr/sbin/freeradius", "-f", "-d", str(directory)])]


def _free(port: int) -> int:
    """The port if it is free, else one the system picks."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
