"""Private-WiFi answers through the real FreeRADIUS: per NAS vendor, from a handshake, after a reset."""

import time

import pytest

from tests.selfcare.radius_support import AP_MAC, DisconnectListener, handshake_attributes
from tests.support.freeradius import freeradius  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

SSID = "PlanetCampus-Prive"
LAPTOP = "3c:22:fb:12:34:56"
PHONE = "0e:23:45:6a:02:0e"  # the deck's example: a randomised address


def _set_vendor(vendor):
    from planetcampus.aaa import nas_cache
    from planetcampus.estate.models import Nas

    Nas.objects.filter(identifier="lyon-a-gw1").update(vendor=vendor)
    nas_cache.clear()


def _mac_request(mac, **extra):
    dashed = mac.replace(":", "-").upper()
    return {"User-Name": mac.replace(":", ""), "User-Password": mac.replace(":", ""),
            "Calling-Station-Id": dashed, "Called-Station-Id": f"{AP_MAC.replace(':', '-').upper()}:{SSID}",
            "NAS-Identifier": "lyon-a-gw1", **extra}


@pytest.fixture
def subscribed(resident, estate):
    from planetcampus.selfcare import services

    subscription = services.subscribe(resident)
    services.register_device(subscription, LAPTOP, "laptop", actor=resident)
    return subscription


@pytest.fixture
def neighbour(estate):
    """Another subscriber of the same residence, so a search has to pick the right key."""
    from datetime import date

    from planetcampus.access.models import Resident
    from planetcampus.accounts.models import User
    from planetcampus.selfcare import services

    user = User.objects.create_user("neighbour@etu.test", "Correct-Horse-42", kind=User.Kind.RESIDENT)
    Resident.objects.create(residence=estate["lyon_a"], last_name="Martin", first_name="Yann", user=user,
                            departure_on=date(2027, 6, 30))
    return services.subscribe(user)


@pytest.mark.parametrize("vendor, expected", [
    ("hostapd", lambda s: {"Tunnel-Password:0": s.key, "Tunnel-Private-Group-Id:0": str(s.vlan),
                           "Tunnel-Type:0": "VLAN", "Tunnel-Medium-Type:0": "IEEE-802"}),
    ("cisco", lambda s: {"Cisco-AVPair": ["psk-mode=ascii", f"psk={s.key}"],
                         "Tunnel-Private-Group-Id:0": str(s.vlan)}),
    ("aruba", lambda s: {"Aruba-MPSK-Passphrase": "0x" + s.key.encode().hex(), "Aruba-User-Vlan": str(s.vlan)}),
    ("ruckus", lambda s: {"Ruckus-Dpsk": "0x00" + _pmk(s.key), "Tunnel-Private-Group-Id:0": str(s.vlan)}),
    ("mikrotik", lambda s: {"Mikrotik-Wireless-PSK": s.key, "Mikrotik-Wireless-VLANID": str(s.vlan)}),
])
def test_vendor_reply_carries_key_and_vlan(
        subscribed, neighbour, freeradius, vendor, expected):
    _set_vendor(vendor)

    reply = _ask(freeradius, _mac_request(LAPTOP))

    assert reply.code == "Access-Accept", reply.output + freeradius.log()[-2000:]
    for name, value in expected(subscribed).items():
        got = reply.attributes.get(name)
        assert got == (value if isinstance(value, list) else [value]), (name, reply.output)


def _pmk(key):
    from planetcampus.selfcare.keys import pmk_for

    return pmk_for(key, SSID).hex()


def test_unknown_device_found_by_handshake(subscribed, neighbour, freeradius):
    _set_vendor("hostapd")

    reply = _ask(freeradius, _mac_request(PHONE, **handshake_attributes(neighbour.key, SSID, PHONE)))

    assert reply.code == "Access-Accept", reply.output + freeradius.log()[-2000:]
    assert reply.get("Tunnel-Password:0") == neighbour.key
    assert reply.get("Tunnel-Private-Group-Id:0") == str(neighbour.vlan)
    from planetcampus.selfcare.models import BoundDevice

    assert BoundDevice.objects.get(mac=PHONE).subscription == neighbour
    again = _ask(freeradius, _mac_request(PHONE))
    assert again.get("Tunnel-Password:0") == neighbour.key


def test_ruckus_unbound_dpsk_gets_the_pmk(subscribed, neighbour, freeradius):
    _set_vendor("ruckus")

    reply = _ask(freeradius, _mac_request(PHONE, **handshake_attributes(subscribed.key, SSID, PHONE, vendor="ruckus")))

    assert reply.code == "Access-Accept", reply.output + freeradius.log()[-2000:]
    assert reply.get("Ruckus-Dpsk") == "0x00" + _pmk(subscribed.key)
    assert reply.get("Tunnel-Private-Group-Id:0") == str(subscribed.vlan)


def test_a_key_of_nobody_is_rejected_with_a_message(subscribed, freeradius):
    _set_vendor("hostapd")

    reply = _ask(freeradius, _mac_request(PHONE, **handshake_attributes("NOTAKEY34679", SSID, PHONE)))

    assert reply.code == "Access-Reject"
    assert reply.get("Reply-Message")


def test_reset_refuses_old_key_and_disconnects(subscribed, freeradius):
    from planetcampus.aaa.models import AccountingSession, DynamicAuthorization
    from planetcampus.estate.models import Nas
    from planetcampus.selfcare import services

    _set_vendor("hostapd")
    old_key = subscribed.key
    accept = _ask(freeradius, _mac_request(PHONE, **handshake_attributes(old_key, SSID, PHONE)))
    assert accept.code == "Access-Accept", accept.output
    start = {"Acct-Status-Type": "Start", "Acct-Session-Id": "5F3A0001", "User-Name": PHONE.replace(":", ""),
             "Calling-Station-Id": PHONE.replace(":", "-").upper(), "NAS-Identifier": "lyon-a-gw1",
             "Called-Station-Id": f"{AP_MAC.replace(':', '-').upper()}:{SSID}",
             "Class": accept.get("Class"), "Framed-IP-Address": "10.20.0.17", "NAS-IP-Address": "127.0.0.1"}
    assert freeradius.radclient(start, kind="acct").code == "Accounting-Response"
    _wait_for(lambda: AccountingSession.objects.filter(acct_session_id="5F3A0001").exists())

    with DisconnectListener(freeradius.secret) as listener:
        Nas.objects.filter(identifier="lyon-a-gw1").update(coa_port=listener.port)
        new = services.reset_key(subscribed, actor=subscribed.user)
        assert listener.received.wait(5), "no Disconnect-Request reached the NAS"

    request = listener.requests[0]
    assert request.code == 40  # Disconnect-Request
    assert request.verified
    assert request["Acct-Session-Id"] == ["5F3A0001"]
    assert DynamicAuthorization.objects.get().outcome == "ack"
    refused = _ask(freeradius, _mac_request("0a:11:22:33:44:55", **handshake_attributes(old_key, SSID, "0a:11:22:33:44:55")))
    assert refused.code == "Access-Reject"
    accepted = _ask(freeradius, _mac_request("0a:11:22:33:44:55", **handshake_attributes(new.key, SSID, "0a:11:22:33:44:55")))
    assert accepted.code == "Access-Accept"
    assert new.key != old_key


def _ask(freeradius, packet):
    # A loaded machine can take seconds to answer; radclient's default 3 s would flake.
    return freeradius.radclient(packet, timeout=10)


def _wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


# NOTE: FreeRADIUS's re-authentication cache (aaa/freeradius/platform.module.in)
# is keyed on NAS and station MAC only, so a laptop re-authenticated on the
# captive SSID is answered from that cache on the private SSID of the same
# NAS, without its key. The fix (the SSID in the cache key) belongs to the
# AAA configuration; this test passes once it is made.
def test_captive_cache_does_not_answer_private_ssid(subscribed, estate, freeradius):
    from planetcampus.aaa.models import Device
    from planetcampus.core.clock import now

    Device.objects.create(user=subscribed.user, mac=LAPTOP, first_seen=now(), last_seen=now(),
                          residence=estate["lyon_a"], last_ssid_purpose="captive")
    captive = {**_mac_request(LAPTOP), "Called-Station-Id": f"{AP_MAC.replace(':', '-').upper()}:PlanetCampus"}
    assert _ask(freeradius, captive).code == "Access-Accept"

    private = _ask(freeradius, _mac_request(LAPTOP))

    assert private.get("Tunnel-Password:0") == subscribed.key
