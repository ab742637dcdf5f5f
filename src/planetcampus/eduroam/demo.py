"""Demo eduroam: active in two demo residences, one federation proxy, a few records.

The demo has no real federation: the proxy points at 127.0.0.1 on
EDUROAM_DEMO_FEDERATION_PORT, where nothing answers unless you start one,
so visitors' requests end as "no federation proxy answered". The eduroam
FreeRADIUS runs on its own (standalone) on EDUROAM_DEMO_PORT.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

from django.conf import settings

DEMO_PORT = int(os.environ.get("EDUROAM_DEMO_PORT", "18140"))
FEDERATION_PORT = int(os.environ.get("EDUROAM_DEMO_FEDERATION_PORT", "18150"))
WEB_PORT = int(os.environ.get("PLANETCAMPUS_DEMO_PORT", "8000"))

# (outer identity, MAC, result, reason, CUI): what a residence sees on a
# normal day, including the malformed identities phones send.
SAMPLES = [
    ("anonymous@univ-lyon1.fr", "3c:22:fb:10:aa:01", "accept", "accepted", "9f1c2e7a4b"),
    ("anonymous@etu.univ-grenoble-alpes.fr", "a4:83:e7:52:10:9c", "accept", "accepted", "41d07b2c88"),
    ("jdupont@insa-lyon.fr", "0e:23:45:6a:02:0e", "reject", "home_rejected", ""),
    ("0208150123456789@wlan.mnc015.mcc208.3gppnetwork.org", "f2:11:9a:07:3b:5d", "reject", "rejected_realm", ""),
    ("anonymous", "7a:c1:00:3e:91:42", "reject", "missing_realm", ""),
]


def load(stdout):
    from planetcampus.aaa.secrets import set_secret
    from planetcampus.core import clock
    from planetcampus.eduroam.models import Authentication, FederationProxy
    from planetcampus.eduroam.services import set_eduroam
    from planetcampus.estate.models import Residence, Ssid

    proxy, created = FederationProxy.objects.get_or_create(
        name="demo-flr", defaults={"host": "127.0.0.1", "port": FEDERATION_PORT, "secret_ref": "eduroam-demo-flr"})
    if created:
        set_secret(proxy.secret_ref, secrets.token_urlsafe(24))

    residences = Residence.objects.filter(nas_devices__isnull=False).distinct().order_by("code")[:2]
    for residence in residences:
        set_eduroam(residence, True, actor=None)
        Ssid.objects.get_or_create(residence=residence, name="eduroam", defaults={"purpose": "eduroam"})
        nas = residence.nas_devices.first()
        for minutes, (identity, mac, result, reason, cui) in enumerate(SAMPLES):
            Authentication.objects.get_or_create(
                digest=f"demo-{residence.code}-{minutes}",
                defaults={"occurred_at": clock.now() - timedelta(minutes=17 * minutes + 3), "residence": residence,
                          "nas": nas, "nas_ip_address": nas.ip_address, "nas_identifier": nas.identifier,
                          "outer_identity": identity, "realm": identity.rpartition("@")[2], "mac": mac,
                          "result": result, "reason": reason, "cui": cui, "operator_name": "1planetcampus.fr",
                          "home_server": f"127.0.0.1:{FEDERATION_PORT}" if reason in {"accepted", "home_rejected"} else ""})
    stdout.write(f"eduroam: active in {len(residences)} demo residences, federation proxy 127.0.0.1:"
                 f"{FEDERATION_PORT}\n")


def processes():
    from planetcampus.eduroam.standalone import render_standalone

    if not Path("/usr/sbin/freeradius").exists():
        sys.stdout.write("FreeRADIUS is not installed: run scripts/install-system-packages\n")
        return []
    # The AAA demo starts first (INSTALLED_APPS order); once its generator
    # includes our fragments, its FreeRADIUS serves eduroam too.
    if (Path(settings.DATA_DIR) / "radius" / "sites-enabled" / "eduroam").exists():
        sys.stdout.write("FreeRADIUS eduroam: served by the main demo FreeRADIUS\n")
        return []
    directory = Path(settings.DATA_DIR) / "radius-eduroam"
    render_standalone(directory, api_url=f"http://127.0.0.1:{WEB_PORT}", port=DEMO_PORT, reject_delay=0)
    sys.stdout.write(f"FreeRADIUS eduroam: 127.0.0.1:{DEMO_PORT}, configuration {directory}\n")
    return [("freeradius-eduroam", ["/usr/sbin/freeradius", "-f", "-d", str(directory)])]
