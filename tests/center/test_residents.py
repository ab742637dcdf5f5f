from datetime import date, timedelta

import pytest
import time_machine

from planetcampus.access.models import Resident
from planetcampus.access.rights import current_right
from planetcampus.accounts.models import User
from planetcampus.center.services.residents import (
    ensure_resident_code,
    process_departures,
    send_resident_code,
    send_unsent_codes,
    set_account_active,
)
from planetcampus.core.clock import now
from planetcampus.core.models import AuditEvent
from planetcampus.messaging.models import Message
from tests.center.nas import open_session

NOON = "2026-12-04 12:00:00+01:00"


@pytest.fixture
def lea(estate):
    account = User.objects.create_user("lea.martin@etu.test", "Correct-Horse-42", kind=User.Kind.RESIDENT)
    return Resident.objects.create(residence=estate["lyon_a"], last_name="MARTIN", first_name="Léa",
                                   email="lea.martin@etu.test", phone="+33612345678", language="fr",
                                   departure_on=date(2027, 6, 30), user=account)


@time_machine.travel(NOON, tick=False)
def test_code_sent_by_sms_and_email(personas, lea):
    result = send_resident_code(personas["manager"], lea)

    code = lea.code
    code.refresh_from_db()
    sms = Message.objects.get(channel="sms")
    email = Message.objects.get(channel="email")
    assert result.sms
    assert result.email
    assert (code.send_count, code.last_sent_at) == (1, now())
    assert sms.to == "+33612345678"
    assert code.code in sms.body
    assert sms.body.startswith("WiFi PlanetCampus à Résidence André Allix")
    assert email.to == "lea.martin@etu.test"
    assert email.subject == "Votre code de connexion PlanetCampus"
    assert "Bonjour Léa," in email.body
    assert code.code in email.body
    assert sms.key == f"resident-code:{code.pk}:1:sms"
    assert AuditEvent.objects.get(action="resident_code.sent").data == {"sms": True, "email": True, "sending": 1}


def test_resident_language_picks_message_language(personas, lea):
    lea.language = "de"
    lea.save()

    send_resident_code(personas["manager"], lea)

    assert Message.objects.get(channel="email").subject == "Ihr PlanetCampus-Verbindungscode"
    assert Message.objects.get(channel="sms").language == "de"
    assert "Hallo Léa," in Message.objects.get(channel="email").body


def test_unknown_language_gets_english(personas, lea):
    lea.language = "it"
    lea.save()

    send_resident_code(personas["manager"], lea)

    assert Message.objects.get(channel="email").subject == "Your PlanetCampus connection code"
    assert Message.objects.get(channel="sms").language == "en"


def test_resend_skips_double_clicks(personas, lea):
    with time_machine.travel(NOON, tick=False) as traveller:
        send_resident_code(personas["manager"], lea)
        double_click = send_resident_code(personas["manager"], lea)
        traveller.shift(timedelta(minutes=5))
        again = send_resident_code(personas["manager"], lea)

    assert not double_click.sent
    assert double_click.skipped
    assert again.sent
    assert Message.objects.filter(channel="sms").count() == 2
    assert Resident.objects.get(pk=lea.pk).code.send_count == 2


def test_landline_gets_email_only(personas, lea):
    lea.phone = "+33472000000"
    lea.save()

    result = send_resident_code(personas["manager"], lea)

    assert result.email
    assert not result.sms
    assert "+33472000000" in result.errors[0]
    assert not Message.objects.filter(channel="sms").exists()


def test_resident_without_contact_is_skipped(personas, lea):
    lea.phone = lea.email = ""
    lea.save()

    result = send_resident_code(personas["manager"], lea)

    assert not result.sent
    assert result.skipped
    assert Message.objects.count() == 0


@time_machine.travel(NOON, tick=False)
def test_unsent_codes_go_to_present_residents_only(personas, estate, lea):
    departed = Resident.objects.create(residence=estate["lyon_a"], last_name="PARTI", first_name="Paul",
                                   email="paul@etu.test", departure_on=date(2026, 11, 30))
    send_resident_code(personas["manager"], lea)
    Resident.objects.create(residence=estate["lyon_a"], last_name="NOUVEAU", first_name="Nina", email="nina@etu.test")

    sent = send_unsent_codes(personas["manager"], estate["lyon_a"])

    assert sent == 1
    assert Message.objects.filter(to="nina@etu.test").count() == 1
    assert not Message.objects.filter(to=departed.email).exists()


def test_disabling_ends_right_and_sessions_then_enabling_restores(personas, lea, lyon_nas):
    nas, listener = lyon_nas
    open_session(lea.user, nas)

    sent = set_account_active(personas["manager"], lea, False)

    lea.user.refresh_from_db()
    assert sent == 1
    assert len(listener.received) == 1
    assert not lea.user.is_active
    assert not current_right(lea.user).active

    assert set_account_active(personas["manager"], lea, True) == 0
    lea.user.refresh_from_db()
    assert lea.user.is_active
    assert current_right(lea.user).active
    assert [event.action for event in AuditEvent.objects.order_by("id")] == ["resident.disabled", "resident.enabled"]


def test_departure_ends_sessions_and_private_wifi_once(personas, estate, lea, lyon_nas):
    from planetcampus.selfcare.models import PrivateWifiSubscription
    from planetcampus.selfcare.services import subscribe

    nas, listener = lyon_nas
    with time_machine.travel("2027-03-01 10:00:00+01:00", tick=False):
        subscription = subscribe(lea.user)
        lea.departure_on = date(2027, 3, 10)
        lea.save()
        ensure_resident_code(lea)
        from planetcampus.center.services.residents import apply_departure

        apply_departure(lea)
    assert PrivateWifiSubscription.objects.get(pk=subscription.pk).valid_until == date(2027, 3, 10)

    open_session(lea.user, nas)
    with time_machine.travel("2027-03-10 23:30:00+01:00", tick=False):
        assert process_departures() == 0, "the departure day is not over"
    with time_machine.travel("2027-03-11 00:30:00+01:00", tick=False):
        assert not current_right(lea.user).active
        assert process_departures() == 1
        assert process_departures() == 0, "a second run does nothing"

    assert len(listener.received) == 1
    assert Resident.objects.get(pk=lea.pk).departure_processed_at is not None


def test_departures_command_runs_the_service(lea):
    from django.core.management import call_command

    lea.departure_on = date(2020, 1, 1)
    lea.save()

    call_command("center", "departures")

    assert Resident.objects.get(pk=lea.pk).departure_processed_at is not None


def test_resident_page_shows_devices_and_last_connection(client_for, lea):
    from planetcampus.aaa.models import Device

    Device.objects.create(user=lea.user, mac="02:aa:bb:cc:dd:01", name="Portable de Léa", first_seen=now(),
                          last_seen=now(), residence=lea.residence)
    Device.objects.create(user=lea.user, mac="02:aa:bb:cc:dd:02", first_seen=now(), last_seen=now())
    client = client_for("manager")

    detail = client.get(f"/fr/center/residents/{lea.pk}/").content.decode()
    listing = client.get("/fr/center/residences/lyon-a/residents/?q=martin").content.decode()

    assert "Portable de Léa" in detail
    assert "02:aa:bb:cc:dd:02" in detail
    assert '<td class="num">2</td>' in listing
    assert "actif" in listing


def test_resident_list_filters_accounts(client_for, estate, lea):
    Resident.objects.create(residence=estate["lyon_a"], last_name="SANSCOMPTE", first_name="Sam")
    client = client_for("manager")

    without = client.get("/fr/center/residences/lyon-a/residents/?account=none").content.decode()
    active = client.get("/fr/center/residences/lyon-a/residents/?account=active").content.decode()

    assert "SANSCOMPTE" in without
    assert "MARTIN" not in without
    assert "MARTIN" in active
    assert "SANSCOMPTE" not in active


def test_account_buttons_disable_and_enable(client_for, lea):
    client = client_for("manager")

    client.post(f"/fr/center/residents/{lea.pk}/account/", {"action": "disable"})
    lea.user.refresh_from_db()
    assert not lea.user.is_active

    client.post(f"/fr/center/residents/{lea.pk}/account/", {"action": "enable"})
    lea.user.refresh_from_db()
    assert lea.user.is_active


def test_worker_runs_departures_daily(lea):
    from planetcampus.messaging import jobs
    from planetcampus.messaging.models import Job

    lea.departure_on = date(2026, 12, 3)
    lea.save()
    with time_machine.travel("2026-12-04 00:20:00+01:00", tick=False):
        jobs.run_planners()
        jobs.run_planners()
        jobs.run_due("test-worker")

    run = Job.objects.get(kind="center.departures")
    assert run.key == "center.departures:2026-12-04"
    assert run.status == "done"
    assert "1 departure(s) processed" in run.log
    assert Resident.objects.get(pk=lea.pk).departure_processed_at is not None
