"""Demo connection codes for the portal, printed when the demo starts.

The demo makes a resident code (with its housing record) and a visitor
code for the first demo residence that has a captive gateway. It also
prints a link that replays that gateway's redirect, so the whole portal
flow can be tried from a desktop browser.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings

from planetcampus.access.codes import generate_code
from planetcampus.access.models import ConnectionCode, Resident
from planetcampus.core.clock import now
from planetcampus.estate.models import Nas

DEMO_NOTE = "Portal demo"


def _code(kind, residence):
    """Return the live demo code of this kind, creating one when the last was used."""
    live = ConnectionCode.objects.filter(kind=kind, residence=residence, note=DEMO_NOTE, redeemed_at__isnull=True,
                                         revoked_at__isnull=True, valid_until__gt=now()).select_related("resident")
    code = live.first()
    if code is None:
        resident = None
        if kind == ConnectionCode.Kind.RESIDENT:
            resident = Resident.objects.create(residence=residence, external_id=f"DEMO-PORTAL-{generate_code()}",
                                               last_name="Nguyen", first_name="Linh", email="linh.nguyen@demo.etu.fr")
        code = ConnectionCode.objects.create(
            code=generate_code(), kind=kind, residence=residence, resident=resident, note=DEMO_NOTE,
            valid_from=now() - timedelta(days=1), valid_until=now() + timedelta(days=90),
            max_devices=3, session_seconds=8 * 3600,
        )
    return code


def load(stdout):
    nas = Nas.objects.filter(vendor="coovachilli", active=True).select_related("residence").order_by("identifier").first()
    if nas is None:
        stdout.write("Portal: no CoovaChilli NAS in the demo estate, no demo codes made.")
        return
    residence = nas.residence

    resident_code = _code(ConnectionCode.Kind.RESIDENT, residence)
    visitor_code = _code(ConnectionCode.Kind.VISITOR, residence)
    resident = resident_code.resident

    arrival = urlencode({"res": "notyet", "nasid": nas.identifier, "mac": "02-00-5E-10-00-01", "ip": "10.10.0.23",
                         "ssid": "PlanetCampus", "uamip": "127.0.0.1", "uamport": "3990",
                         "challenge": "0123456789abcdef0123456789abcdef", "userurl": "http://example.org/"})
    stdout.write(f"Portal ({residence.name}):")
    stdout.write(f"  resident code   {resident_code.code[:4]}-{resident_code.code[4:]}  ({resident.first_name} {resident.last_name})")
    stdout.write(f"  visitor code    {visitor_code.code[:4]}-{visitor_code.code[4:]}")
    stdout.write(f"  sign-in page    {settings.PUBLIC_BASE_URL}/fr/portal/")
    stdout.write(f"  as the gateway  {settings.PUBLIC_BASE_URL}/hotspot/?{arrival}")
