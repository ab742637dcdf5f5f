"""The private WiFi option's rules: who may subscribe, keys, validity, renewal, devices."""

from datetime import date, timedelta

import pytest
import time_machine

from planetcampus.selfcare import services
from planetcampus.selfcare.keys import KEY_ALPHABET, KEY_LENGTH
from tests.selfcare.conftest import TODAY


def test_resident_gets_a_key_and_a_vlan(resident, frozen):
    subscription = services.subscribe(resident)

    assert len(subscription.key) == KEY_LENGTH >= 8
    assert set(subscription.key) <= set(KEY_ALPHABET)
    assert not set(subscription.key) & set("0O1IL2Z5S8BUV")
    assert subscription.vlan == services.VLAN_FIRST
    assert subscription.valid_until == date(2027, 6, 30)
    assert subscription.pmks.get().ssid == "PlanetCampus-Prive"


def test_subscribing_twice_keeps_the_same_key(resident, frozen):
    assert services.subscribe(resident).key == services.subscribe(resident).key


def test_a_visitor_never_gets_the_option(visitor, frozen):
    with pytest.raises(services.SubscriptionRefused, match="résidents"):
        services.subscribe(visitor)


def test_a_residence_without_the_option_refuses_it(resident, estate, frozen):
    estate["lyon_a"].private_wifi_enabled = False
    estate["lyon_a"].save()

    with pytest.raises(services.SubscriptionRefused, match="pas encore disponible"):
        services.subscribe(resident)


def test_a_resident_who_left_cannot_subscribe(resident, frozen):
    resident.resident.departure_on = date(2026, 11, 1)
    resident.resident.save()

    with pytest.raises(services.SubscriptionRefused):
        services.subscribe(resident)


def test_keys_and_vlans_are_unique_within_a_residence(estate, frozen):
    from planetcampus.access.models import Resident
    from planetcampus.accounts.models import User

    subscriptions = []
    for index in range(20):
        user = User.objects.create_user(f"r{index}@etu.test", None, kind=User.Kind.RESIDENT)
        Resident.objects.create(residence=estate["lyon_a"], last_name="R", first_name=str(index), user=user)
        subscriptions.append(services.subscribe(user))

    assert len({s.key for s in subscriptions}) == 20
    assert len({s.vlan for s in subscriptions}) == 20


def test_unique_key_draws_again_on_a_collision(monkeypatch):
    from planetcampus.selfcare import keys

    draws = iter(["AAAAAAAAAAAA", "AAAAAAAAAAAA", "CCCCCCCCCCCC"])
    monkeypatch.setattr(keys, "generate_key", lambda: next(draws))
    assert keys.unique_key({"AAAAAAAAAAAA"}) == "CCCCCCCCCCCC"


def test_reset_gives_a_new_key_and_new_pmks(resident, frozen):
    subscription = services.subscribe(resident)
    old_key, old_pmk = subscription.key, bytes(subscription.pmks.get().pmk)

    services.reset_key(subscription, actor=resident)
    subscription.refresh_from_db()

    assert subscription.key != old_key
    assert bytes(subscription.pmks.get().pmk) != old_pmk


def test_the_option_stops_after_its_last_day(resident, frozen):
    subscription = services.subscribe(resident)
    assert services.is_active(subscription, date(2027, 6, 30))
    assert not services.is_active(subscription, date(2027, 7, 1))


def test_renewal_follows_the_housing_contract(resident, frozen):
    subscription = services.subscribe(resident)
    with pytest.raises(services.SubscriptionRefused, match="30"):
        services.renew(subscription, actor=resident)

    resident.resident.departure_on = date(2028, 6, 30)
    resident.resident.save()
    with time_machine.travel(date(2027, 6, 5), tick=False):
        services.renew(subscription, actor=resident)

    assert subscription.valid_until == date(2028, 6, 30)
    assert subscription.renewed_at is not None


def test_renewal_cannot_go_past_the_housing_contract(resident, frozen):
    subscription = services.subscribe(resident)
    with time_machine.travel(date(2027, 6, 5), tick=False):
        with pytest.raises(services.SubscriptionRefused, match="30/06/2027"):
            services.renew(subscription, actor=resident)


def test_manager_date_overrides_housing_contract(resident, personas, frozen):
    subscription = services.subscribe(resident)
    services.set_validity(subscription, date(2026, 12, 31), actor=personas["manager"])
    assert (subscription.valid_until, subscription.validity_source) == (date(2026, 12, 31), "manager")

    services.set_validity(subscription, None, actor=personas["manager"])
    assert (subscription.valid_until, subscription.validity_source) == (date(2027, 6, 30), "housing")


def test_cancelled_option_can_be_retaken(resident, frozen):
    first = services.subscribe(resident)
    services.cancel(first, actor=resident)
    assert not services.is_active(first)

    second = services.subscribe(resident)
    assert second.cancelled_at is None and second.key != first.key


def test_a_mac_registered_by_another_resident_is_refused(resident, estate, frozen):
    from planetcampus.access.models import Resident
    from planetcampus.accounts.models import User

    other = User.objects.create_user("other@etu.test", "Correct-Horse-42", kind=User.Kind.RESIDENT)
    Resident.objects.create(residence=estate["lyon_a"], last_name="O", first_name="O", user=other)
    services.register_device(services.subscribe(other), "3c:22:fb:12:34:56", "", actor=other)

    with pytest.raises(services.SubscriptionRefused, match="3c:22:fb:12:34:56"):
        services.register_device(services.subscribe(resident), "3c:22:fb:12:34:56", "", actor=resident)


def test_every_change_is_audited(resident, frozen):
    from planetcampus.core.models import AuditEvent

    subscription = services.subscribe(resident)
    services.reset_key(subscription, actor=resident)
    services.cancel(subscription, actor=resident)

    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "private_wifi.subscribed", "private_wifi.key_reset", "private_wifi.cancelled"]
    assert TODAY.date() == date(2026, 11, 12)


def test_usage_period_spans_the_option(resident, frozen):
    from planetcampus.selfcare.usage import period_for

    subscription = services.subscribe(resident)
    assert period_for(subscription) == (date(2026, 11, 12), date(2026, 11, 12))
    assert period_for(subscription, date(2027, 8, 1)) == (date(2026, 11, 12), date(2027, 6, 30))
    subscription.valid_until = None
    assert period_for(subscription, date(2028, 1, 1))[0] == date(2028, 1, 1) - timedelta(days=365)


def test_renaming_the_private_ssid_recomputes_the_pmks(resident, estate, frozen, django_capture_on_commit_callbacks):
    from planetcampus.estate.models import Ssid
    from planetcampus.selfcare.keys import pmk_for

    subscription = services.subscribe(resident)
    ssid = Ssid.objects.get(residence=estate["lyon_a"], purpose="private")
    with django_capture_on_commit_callbacks(execute=True):
        ssid.name = "CROUS-Prive"
        ssid.save()

    stored = subscription.pmks.get()
    assert stored.ssid == "CROUS-Prive"
    assert bytes(stored.pmk) == pmk_for(subscription.key, "CROUS-Prive")
    with django_capture_on_commit_callbacks(execute=True):
        Ssid.objects.create(residence=estate["lyon_a"], name="PlanetCampus-Visiteurs", purpose="captive")
    assert subscription.pmks.count() == 1
