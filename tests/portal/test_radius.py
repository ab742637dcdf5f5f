"""From the portal to RADIUS: the gateway's Access-Request with the hand-back credentials.

The sign-in goes through the portal's pages; the CoovaChilli hand-back URL
is decoded as the gateway decodes it; radclient then plays the gateway and
sends the Access-Request to a real FreeRADIUS in front of the platform.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import PASSWORD
from tests.portal.conftest import CLIENT_MAC, coova_query
from tests.support.freeradius import freeradius  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def hand_back_credentials(response) -> tuple[str, str]:
    """Decode the /logon redirect as CoovaChilli does (PAP, no UAM secret)."""
    query = parse_qs(urlsplit(response["Location"]).query)
    key = bytes.fromhex(coova_query()["challenge"])
    encoded = bytes.fromhex(query["password"][0])
    password = bytes(b ^ key[i % 16] for i, b in enumerate(encoded)).rstrip(b"\0").decode()
    return query["username"][0], password


def access_request(username, password, station=CLIENT_MAC):
    return {"User-Name": username, "User-Password": password, "Calling-Station-Id": station,
            "Called-Station-Id": "AA-BB-CC-00-11-22:PlanetCampus", "NAS-Identifier": "lyon-a-gw1",
            "NAS-Port-Type": "Wireless-802.11"}


def sign_in(client):
    key = client.get("/hotspot/", coova_query())["Location"].split("v=")[1]
    return client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": key})


def test_hand_back_accepted_by_freeradius(client, personas, freeradius):
    username, password = hand_back_credentials(sign_in(client))

    reply = freeradius.radclient(access_request(username, password))

    assert reply.code == "Access-Accept", freeradius.log()
    assert int(reply.get("Session-Timeout")) <= 24 * 3600


def test_hand_back_replay_rejected(client, personas, freeradius):
    username, password = hand_back_credentials(sign_in(client))
    freeradius.radclient(access_request(username, password))

    replay = freeradius.radclient(access_request(username, password))

    assert replay.code == "Access-Reject"


def test_hand_back_from_other_device_rejected(client, personas, freeradius):
    username, password = hand_back_credentials(sign_in(client))

    reply = freeradius.radclient(access_request(username, password, station="02-99-99-99-99-99"))

    assert reply.code == "Access-Reject"


def test_reconnect_after_radius_learned_device(client, personas, freeradius):
    """The device RADIUS learned at the first sign-in gets back online without typing."""
    username, password = hand_back_credentials(sign_in(client))
    freeradius.radclient(access_request(username, password))
    client.logout()

    key = client.get("/hotspot/", coova_query())["Location"].split("v=")[1]
    username, password = hand_back_credentials(client.post("/fr/portal/reconnect/", {"v": key}))
    reply = freeradius.radclient(access_request(username, password))

    assert reply.code == "Access-Accept"
