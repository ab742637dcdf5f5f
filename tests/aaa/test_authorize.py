"""Access-Requests through the real FreeRADIUS and the platform."""

from datetime import timedelta

import pytest

from planetcampus.aaa.models import Device, OfferProfile
from planetcampus.core.clock import now

pytestmark = pytest.mark.django_db(transaction=True)

STATION = "02-11-22-33-44-55"


def captive_request(username, password, station=STATION, ssid="PlanetCampus"):
    return {"User-Name": username, "User-Password": password, "Calling-Station-Id": station,
            "Called-Station-Id": f"00-AA-BB-CC-DD-01:{ssid}", "NAS-Identifier": "lyon-a-gw1",
            "NAS-Port-Type": "Wireless-802.11"}


def one_time_credentials(user):
    from planetcampus.portal.handoff import issue_one_time_credentials

    login, password = issue_one_time_credentials(user)
    return login.username, password


def test_portal_sign_in_is_accepted_with_the_offer_attributes(personas, freeradius):
    OfferProfile.objects.create(offer="planetcampus", account_kind="resident", down_kbps=50000, up_kbps=10000,
                                idle_timeout=900, interim_interval=300)
    username, password = one_time_credentials(personas["resident"])

    reply = freeradius.radclient(captive_request(username, password))

    assert reply.code == "Access-Accept", reply.output
    assert reply.get("WISPr-Bandwidth-Max-Down") == "50000000"
    assert reply.get("WISPr-Bandwidth-Max-Up") == "10000000"
    assert reply.get("Idle-Timeout") == "900"
    assert reply.get("Acct-Interim-Interval") == "300"
    assert 0 < int(reply.get("Session-Timeout")) <= 86400
    assert reply.get("Class", "").startswith("0x")
    device = Device.objects.get(user=personas["resident"])
    assert device.mac == "02:11:22:33:44:55" and device.randomised


def test_mikrotik_gets_its_rate_limit_attribute(estate, personas, freeradius):
    OfferProfile.objects.create(offer="planetcampus", account_kind="resident", down_kbps=20000, up_kbps=5000)
    estate["lyon_a"].nas_devices.update(vendor="mikrotik")
    from planetcampus.aaa import nas_cache

    nas_cache.clear()
    username, password = one_time_credentials(personas["resident"])

    reply = freeradius.radclient(captive_request(username, password))

    assert reply.code == "Access-Accept", reply.output
    assert reply.get("Mikrotik-Rate-Limit") == "5000k/20000k"


def test_one_time_credentials_work_once(personas, freeradius):
    username, password = one_time_credentials(personas["resident"])
    assert freeradius.radclient(captive_request(username, password)).code == "Access-Accept"

    again = freeradius.radclient(captive_request(username, password))

    assert again.code == "Access-Reject"
    assert "portail" in again.get("Reply-Message")


def test_wrong_password_is_rejected_with_a_reason(personas, freeradius):
    username, _password = one_time_credentials(personas["resident"])

    reply = freeradius.radclient(captive_request(username, "not-the-password"))

    assert reply.code == "Access-Reject"
    assert reply.get("Reply-Message")


def test_disabled_account_is_rejected(personas, freeradius):
    username, password = one_time_credentials(personas["resident"])
    personas["resident"].is_active = False
    personas["resident"].save()

    reply = freeradius.radclient(captive_request(username, password))

    assert reply.code == "Access-Reject"
    assert "disabled" in reply.get("Reply-Message") or "désactivé" in reply.get("Reply-Message")


def _visitor(estate, **code_fields):
    from planetcampus.access.models import ConnectionCode
    from planetcampus.accounts.models import User

    visitor = User.objects.create_user("guest@example.test", "Visitor-Pass-42", kind=User.Kind.VISITOR)
    fields = {"valid_from": now() - timedelta(days=1), "valid_until": now() + timedelta(days=1), **code_fields}
    ConnectionCode.objects.create(code="VSTR2345", kind="visitor", residence=estate["lyon_a"], redeemed_by=visitor,
                                  **fields)
    return visitor


def test_revoked_visitor_code_is_rejected(estate, freeradius):
    visitor = _visitor(estate, revoked_at=now())
    username, password = one_time_credentials(visitor)

    reply = freeradius.radclient(captive_request(username, password))

    assert reply.code == "Access-Reject"
    assert reply.get("Reply-Message")


def test_expired_visitor_code_is_rejected(estate, freeradius):
    visitor = _visitor(estate, valid_until=now() - timedelta(minutes=1))
    username, password = one_time_credentials(visitor)

    assert freeradius.radclient(captive_request(username, password)).code == "Access-Reject"


def test_visitor_session_ends_with_the_code(estate, freeradius):
    visitor = _visitor(estate, valid_until=now() + timedelta(minutes=30))
    username, password = one_time_credentials(visitor)

    reply = freeradius.radclient(captive_request(username, password))

    assert reply.code == "Access-Accept", reply.output
    assert 1700 <= int(reply.get("Session-Timeout")) <= 1800


def test_residence_not_on_the_offer_is_rejected(estate, personas, freeradius):
    estate["lyon_a"].offer = "smartcampus"
    estate["lyon_a"].save()
    username, password = one_time_credentials(personas["resident"])

    reply = freeradius.radclient(captive_request(username, password))

    assert reply.code == "Access-Reject"
    assert "PlanetCampus" in reply.get("Reply-Message")


def test_nas_removed_from_the_inventory_is_rejected(estate, personas, freeradius):
    estate["lyon_a"].nas_devices.first().delete()

    reply = freeradius.radclient(captive_request("pc-000000000000", "whatever-password"))

    assert reply.code == "Access-Reject"
    assert reply.get("Reply-Message")


def test_known_device_reconnects_without_the_portal(personas, freeradius):
    username, password = one_time_credentials(personas["resident"])
    assert freeradius.radclient(captive_request(username, password)).code == "Access-Accept"

    reply = freeradius.radclient(captive_request("021122334455", "021122334455"))

    assert reply.code == "Access-Accept", reply.output
    assert reply.get("Session-Timeout")


def test_unknown_device_must_use_the_portal(personas, freeradius):
    reply = freeradius.radclient(captive_request("02aabbccddee", "02aabbccddee", station="02-AA-BB-CC-DD-EE"))

    assert reply.code == "Access-Reject"
    assert "portail" in reply.get("Reply-Message")


def test_removed_device_no_longer_reconnects(personas, freeradius):
    username, password = one_time_credentials(personas["resident"])
    freeradius.radclient(captive_request(username, password))
    Device.objects.update(reconnect_allowed=False)

    assert freeradius.radclient(captive_request("021122334455", "021122334455")).code == "Access-Reject"


def test_private_wifi_ssid_is_answered_by_self_care(personas, freeradius):
    reply = freeradius.radclient(captive_request("02aabbccddee", "02aabbccddee", station="02-AA-BB-CC-DD-EE",
                                                 ssid="PlanetCampus-Prive"))

    assert reply.code == "Access-Reject"
    assert "self-care" in reply.get("Reply-Message") or "espace" in reply.get("Reply-Message")


def test_request_without_message_authenticator_is_dropped(personas, freeradius):
    username, password = one_time_credentials(personas["resident"])

    reply = freeradius.radclient(captive_request(username, password), message_authenticator=False, timeout=1)

    assert reply.code is None
    from planetcampus.portal.models import PortalLogin

    assert PortalLogin.objects.get(username=username).used_at is None, "the platform was never asked"


def test_wrong_secret_gets_no_accept(personas, freeradius):
    username, password = one_time_credentials(personas["resident"])

    reply = freeradius.radclient(captive_request(username, password), secret="not-the-nas-secret", timeout=1)

    assert reply.code != "Access-Accept"


def test_reconnections_are_answered_from_the_cache_until_the_right_changes(personas, freeradius):
    username, password = one_time_credentials(personas["resident"])
    assert freeradius.radclient(captive_request(username, password)).code == "Access-Accept"
    first = freeradius.radclient(captive_request("021122334455", "021122334455"))
    assert first.code == "Access-Accept"

    # A change the platform is not told about (no signal): the cached answer still holds.
    Device.objects.update(reconnect_allowed=False)
    cached = freeradius.radclient(captive_request("02-11-22-33-44-55", "02-11-22-33-44-55"))
    assert cached.code == "Access-Accept", cached.output
    assert cached.get("Session-Timeout") == first.get("Session-Timeout")
    assert cached.get("Class") != first.get("Class"), "Class is new at every authentication"

    # Disabling the account through the model evicts the cached answer at once.
    personas["resident"].is_active = False
    personas["resident"].save()
    refused = freeradius.radclient(captive_request("021122334455", "021122334455"))
    assert refused.code == "Access-Reject", refused.output


def test_disconnecting_a_user_also_drops_the_cached_answer(personas, freeradius):
    from planetcampus.aaa import services

    username, password = one_time_credentials(personas["resident"])
    freeradius.radclient(captive_request(username, password))
    assert freeradius.radclient(captive_request("021122334455", "021122334455")).code == "Access-Accept"
    Device.objects.update(reconnect_allowed=False)

    services.disconnect_user(personas["resident"], reason="device removed")

    assert freeradius.radclient(captive_request("021122334455", "021122334455")).code == "Access-Reject"


def test_replies_carry_a_verified_message_authenticator_first(personas, freeradius):
    import socket

    from pyrad import packet as radius

    from planetcampus.aaa.dynauth import dictionary

    username, password = one_time_credentials(personas["resident"])
    secret = freeradius.secret.encode()
    request = radius.AuthPacket(secret=secret, dict=dictionary(), message_authenticator=True)
    for name, value in captive_request(username, password).items():
        request[name] = request.PwCrypt(value) if name == "User-Password" else value
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(10)
        sock.sendto(request.RequestPacket(), ("127.0.0.1", freeradius.auth_port))
        data = sock.recv(4096)

    reply = radius.Packet(secret=secret, dict=dictionary(), packet=data)
    assert data[0] == radius.AccessAccept
    assert data[20] == 80, "Message-Authenticator is the first attribute"
    assert request.VerifyReply(reply, data, enforce_ma=True)


def test_freeradius_starts_and_answers_while_the_platform_is_down(estate, freeradius, tmp_path):
    from tests.support.freeradius import FreeRadius, free_udp_port

    down = FreeRadius(tmp_path / "raddb-down", f"http://127.0.0.1:{free_udp_port()}/radius")
    down.configure()
    down.start()
    try:
        reply = down.radclient(captive_request("pc-000000000000", "whatever-password"), secret=freeradius.secret)
        accounted = down.radclient({"Acct-Status-Type": "Start", "Acct-Session-Id": "D1",
                                    "Calling-Station-Id": STATION, "User-Name": "x"}, kind="acct",
                                   secret=freeradius.secret)
    finally:
        down.stop()

    assert reply.code == "Access-Reject" and "indisponible" in reply.get("Reply-Message")
    assert accounted.code == "Accounting-Response"
    assert down.spool_files(), "the packet waits in the buffer"
