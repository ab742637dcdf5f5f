"""authorize_private_wifi called directly: when the answer is a reject, and the learned-device fast path."""

from datetime import date

import pytest
import time_machine

from planetcampus.selfcare import services
from planetcampus.selfcare.radius import authorize_private_wifi, vendor_reply
from tests.selfcare.radius_support import AP_MAC, handshake_attributes

SSID = "PlanetCampus-Prive"
PHONE = "0e:23:45:6a:02:0e"


@pytest.fixture
def nas(estate):
    from planetcampus.estate.models import Nas

    return Nas.objects.get(identifier="lyon-a-gw1")


def _request(station=PHONE, **extra):
    return {"Calling-Station-Id": station.replace(":", "-").upper(),
            "Called-Station-Id": f"{AP_MAC.replace(':', '-').upper()}:{SSID}", **extra}


def test_a_learned_device_is_accepted_again_with_its_key(resident, nas, frozen):
    subscription = services.subscribe(resident)
    first = authorize_private_wifi(nas, SSID, _request(**handshake_attributes(subscription.key, SSID, PHONE)))
    second = authorize_private_wifi(nas, SSID, _request(**handshake_attributes(subscription.key, SSID, PHONE)))

    assert first.accept and second.accept
    assert second.user == resident
    assert subscription.bound_devices.get().source == "learned"


def test_learned_device_moves_to_new_key(resident, nas, estate, frozen):
    from planetcampus.access.models import Resident
    from planetcampus.accounts.models import User

    mine = services.subscribe(resident)
    other_user = User.objects.create_user("n@etu.test", None, kind=User.Kind.RESIDENT)
    Resident.objects.create(residence=estate["lyon_a"], last_name="N", first_name="N", user=other_user)
    theirs = services.subscribe(other_user)
    authorize_private_wifi(nas, SSID, _request(**handshake_attributes(mine.key, SSID, PHONE)))

    decision = authorize_private_wifi(nas, SSID, _request(**handshake_attributes(theirs.key, SSID, PHONE)))

    assert decision.reply["Tunnel-Password"] == theirs.key
    assert theirs.bound_devices.get().mac == PHONE
    assert not mine.bound_devices.exists()


@pytest.mark.parametrize("change", ["expired", "cancelled", "residence_off", "moved"])
def test_dead_key_is_rejected_with_message(resident, nas, estate, frozen, change):
    subscription = services.subscribe(resident)
    services.register_device(subscription, PHONE, "", actor=resident)
    if change == "expired":
        services.set_validity(subscription, date(2026, 11, 11), actor=None)
    elif change == "cancelled":
        services.cancel(subscription, actor=resident)
    elif change == "residence_off":
        estate["lyon_a"].private_wifi_enabled = False
        estate["lyon_a"].save()
        nas.residence.refresh_from_db()
    else:
        resident.resident.residence = estate["lyon_b"]
        resident.resident.save()

    decision = authorize_private_wifi(nas, SSID, _request())

    assert not decision.accept
    assert decision.reply["Reply-Message"]


def test_a_handshake_without_the_access_point_address_is_rejected(resident, nas, frozen):
    subscription = services.subscribe(resident)
    attributes = handshake_attributes(subscription.key, SSID, PHONE)
    decision = authorize_private_wifi(nas, SSID, {"Calling-Station-Id": PHONE, **attributes})
    assert not decision.accept


def test_the_ruckus_reply_carries_the_pmk_of_the_ssid(resident, frozen):
    from planetcampus.selfcare.keys import pmk_for

    subscription = services.subscribe(resident)
    reply = vendor_reply("ruckus", subscription, SSID)
    assert reply["Ruckus-Dpsk"] == "0x00" + pmk_for(subscription.key, SSID).hex()
    assert len(bytes.fromhex(reply["Ruckus-Dpsk"][2:])) == 33


def test_validity_ends_after_last_day(resident, nas, frozen):
    subscription = services.subscribe(resident)
    services.register_device(subscription, PHONE, "", actor=resident)
    with time_machine.travel("2027-06-30 23:59:00+02:00", tick=False):
        assert authorize_private_wifi(nas, SSID, _request()).accept
    with time_machine.travel("2027-07-01 00:00:30+02:00", tick=False):
        assert not authorize_private_wifi(nas, SSID, _request()).accept


def test_radius_answers_stay_within_their_query_budget(resident, nas, estate, frozen, django_assert_max_num_queries):
    from planetcampus.access.models import Resident
    from planetcampus.accounts.models import User

    subscription = services.subscribe(resident)
    for index in range(30):
        user = User.objects.create_user(f"q{index}@etu.test", None, kind=User.Kind.RESIDENT)
        Resident.objects.create(residence=estate["lyon_a"], last_name="Q", first_name=str(index), user=user)
        services.subscribe(user)
    nas = type(nas).objects.select_related("residence").get(pk=nas.pk)
    handshake = _request(**handshake_attributes(subscription.key, SSID, PHONE))

    # The PMKs of every key load in one query, so the budget does not grow with the
    # residence. The first answer also stores the learned device (two inserts, in a
    # savepoint here because the test runs inside a transaction).
    with django_assert_max_num_queries(13):
        assert authorize_private_wifi(nas, SSID, handshake).accept
    with django_assert_max_num_queries(4):
        assert authorize_private_wifi(nas, SSID, _request()).accept


def test_the_session_ends_with_the_last_valid_day(resident, nas, frozen):
    subscription = services.subscribe(resident)
    services.register_device(subscription, PHONE, "", actor=resident)
    services.set_validity(subscription, date(2026, 11, 12), actor=None)

    reply = authorize_private_wifi(nas, SSID, _request()).reply

    # Frozen at 10:00 Paris on the last valid day: 14 hours remain.
    assert abs(int(reply["Session-Timeout"]) - 14 * 3600) < 60
    assert reply["Acct-Interim-Interval"]
    assert reply["Tunnel-Private-Group-Id"] == str(subscription.vlan)
