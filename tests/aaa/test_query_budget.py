"""Query budgets of the RADIUS endpoints (the hot path of a reconnection storm)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planetcampus.aaa import attributes, nas_cache
from planetcampus.aaa.models import Device
from planetcampus.core.clock import now

TOKEN = "budget-token"


@pytest.fixture
def api(client, settings, estate):
    settings.RADIUS_API_TOKEN = TOKEN
    nas_cache.clear()
    attributes._profiles.clear()

    def post(path, data):
        return client.post(path, data, HTTP_AUTHORIZATION=f"Bearer {TOKEN}", HTTP_X_RADIUS_NAS="127.0.0.1",
                           REMOTE_ADDR="127.0.0.1")

    return post


def mac_request(mac="02:11:22:33:44:55"):
    bare = mac.replace(":", "")
    return {"User-Name": bare, "User-Password": bare, "Calling-Station-Id": mac.replace(":", "-").upper(),
            "Called-Station-Id": "00-AA-BB-CC-DD-01:PlanetCampus"}


@pytest.mark.django_db
def test_mac_reauthentication_costs_two_queries_once_the_nas_is_cached(api, personas, estate, django_assert_max_num_queries):
    Device.objects.create(user=personas["resident"], mac="02:11:22:33:44:55", first_seen=now(), last_seen=now(),
                          residence=estate["lyon_a"])
    assert api("/radius/authorize/", mac_request()).json()["control:Auth-Type"] == "Accept"

    with django_assert_max_num_queries(2):
        reply = api("/radius/authorize/", mac_request())

    assert reply.json()["control:Auth-Type"] == "Accept"
    assert reply.json()["control:Tmp-String-2"] == f"pc:{personas['resident'].pk}"


@pytest.mark.django_db
def test_interim_update_costs_a_handful_of_queries(api, personas, estate):
    packet = {"Acct-Status-Type": "Start", "Acct-Unique-Session-Id": "q1", "Acct-Session-Id": "S",
              "User-Name": "pc-x", "Calling-Station-Id": "02-11-22-33-44-55", "Class": f"pc:{personas['resident'].pk}:ab"}
    api("/radius/accounting/", packet)

    with CaptureQueriesContext(connection) as queries:
        api("/radius/accounting/", {**packet, "Acct-Status-Type": "Interim-Update", "Acct-Input-Octets": "10",
                                    "Acct-Session-Time": "60"})

    # select the session, its device, the day's usage update, the session save, the device's last_seen.
    assert len(queries) <= 8, [query["sql"][:80] for query in queries]


@pytest.mark.django_db
def test_calls_from_other_addresses_or_without_the_token_are_refused(client, settings, estate):
    settings.RADIUS_API_TOKEN = TOKEN
    assert client.post("/radius/authorize/", mac_request(), HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
                       REMOTE_ADDR="192.0.2.7").status_code == 403
    assert client.post("/radius/authorize/", mac_request(), HTTP_AUTHORIZATION="Bearer wrong",
                       REMOTE_ADDR="127.0.0.1").status_code == 403
    settings.RADIUS_API_TOKEN = ""
    assert client.post("/radius/authorize/", mac_request(), HTTP_AUTHORIZATION="Bearer ",
                       REMOTE_ADDR="127.0.0.1").status_code == 403
