from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from planetcampus.center import calendar
from planetcampus.center.models import OnboardingBooking
from planetcampus.center.services import onboarding
from planetcampus.core.clock import PARIS
from planetcampus.messaging.models import Message

MONDAY = "2026-12-07 09:00:00+01:00"
CALL = datetime(2026, 12, 10, 14, 0, tzinfo=PARIS)


@pytest.fixture
def slots(personas):
    with time_machine.travel(MONDAY, tick=False):
        return onboarding.publish_slots(personas["operator"], first_start=CALL, minutes=30, count=3, host="Camille")


def request_for(slot, **overrides):
    values = {"slot_id": slot.pk, "contact_phone": "06 12 34 56 78", "flyer_quantity": 200,
              "flyer_languages": ["fr", "en"], "comment": "Accueil ouvert le matin"}
    return onboarding.BookingRequest(**{**values, **overrides})


def unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_onboarding_book_url_takes_the_residence_code(estate):
    assert reverse("center:onboarding-book", args=[estate["lyon_a"].code]) == "/fr/center/residences/lyon-a/onboarding/"


@time_machine.travel(MONDAY, tick=False)
def test_booking_sends_an_email_with_a_paris_invitation(personas, estate, slots):
    booking = onboarding.book(personas["manager"], estate["lyon_a"], request_for(slots[0]))

    message = Message.objects.get(channel="email")
    attachment = message.attachments.get()
    ics = bytes(attachment.content).decode()
    lines = unfold(ics)
    assert booking.contact_phone == "+33612345678"
    assert message.to == personas["manager"].email
    assert message.subject == "Appel de présentation réservé : Résidence André Allix"
    assert "10 décembre 2026" in message.body
    assert "+33612345678" in message.body
    assert "Flyers imprimés demandés : 200 (Français, English)." in message.body
    assert attachment.content_type == "text/calendar; charset=utf-8; method=REQUEST"
    assert "METHOD:REQUEST" in lines
    assert "BEGIN:VTIMEZONE" in lines
    assert "TZID:Europe/Paris" in lines
    assert "DTSTART;TZID=Europe/Paris:20261210T140000" in lines
    assert "DTEND;TZID=Europe/Paris:20261210T143000" in lines
    assert "DTSTAMP:20261207T080000Z" in lines
    assert f"UID:{booking.calendar_uid}" in lines
    assert "SEQUENCE:0" in lines
    assert f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{personas['manager'].email}" in lines
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    assert ics.endswith("END:VCALENDAR\r\n")


@time_machine.travel(MONDAY, tick=False)
def test_booked_slot_not_offered_again(personas, estate, slots):
    onboarding.book(personas["manager"], estate["lyon_a"], request_for(slots[0]))

    with pytest.raises(ValidationError) as raised:
        onboarding.book(personas["outsider"], estate["grenoble_a"], request_for(slots[0]))

    assert raised.value.code == "taken"
    assert slots[0] not in onboarding.open_slots()
    assert OnboardingBooking.objects.count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_booking_again_replaces_the_residence_booking(personas, estate, slots):
    first = onboarding.book(personas["manager"], estate["lyon_a"], request_for(slots[0]))

    second = onboarding.book(personas["manager"], estate["lyon_a"], request_for(slots[1], flyer_quantity=0))

    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert OnboardingBooking.objects.filter(cancelled_at__isnull=True).get() == second
    assert slots[0] in onboarding.open_slots()
    assert "Il remplace votre réservation précédente" in Message.objects.order_by("-id").first().body
    cancellation = Message.objects.order_by("-id")[1]
    lines = unfold(bytes(cancellation.attachments.get().content).decode())
    assert "METHOD:CANCEL" in lines
    assert f"UID:{first.calendar_uid}" in lines


@time_machine.travel(MONDAY, tick=False)
def test_cancelling_sends_a_calendar_cancellation(personas, estate, slots):
    booking = onboarding.book(personas["manager"], estate["lyon_a"], request_for(slots[0]))

    onboarding.cancel(personas["manager"], booking)

    message = Message.objects.order_by("-id").first()
    lines = unfold(bytes(message.attachments.get().content).decode())
    assert "METHOD:CANCEL" in lines
    assert "STATUS:CANCELLED" in lines
    assert "SEQUENCE:1" in lines
    assert f"UID:{booking.calendar_uid}" in lines
    assert slots[0] in onboarding.open_slots()


@pytest.mark.parametrize(("overrides", "error"), [
    ({"flyer_quantity": 10, "flyer_languages": []}, "languages"),
    ({"flyer_languages": ["fr", "tlh"]}, "languages"),
    ({"flyer_quantity": 9000}, "flyers"),
    ({"contact_phone": "12"}, "invalid_phone"),
])
@time_machine.travel(MONDAY, tick=False)
def test_invalid_bookings_are_rejected(personas, estate, slots, overrides, error):
    with pytest.raises(ValidationError) as raised:
        onboarding.book(personas["manager"], estate["lyon_a"], request_for(slots[0], **overrides))

    assert raised.value.code == error
    assert OnboardingBooking.objects.count() == 0


def test_slots_too_close_or_withdrawn_are_not_offered(personas, slots):
    with time_machine.travel(CALL - timedelta(hours=1), tick=False):
        assert slots[0] not in onboarding.open_slots()
        assert slots[2] in onboarding.open_slots()
    with time_machine.travel(MONDAY, tick=False):
        onboarding.withdraw_slot(personas["operator"], slots[2])
        assert slots[2] not in onboarding.open_slots()


@time_machine.travel(MONDAY, tick=False)
def test_booked_slot_cannot_be_withdrawn(personas, estate, slots):
    onboarding.book(personas["manager"], estate["lyon_a"], request_for(slots[0]))

    with pytest.raises(ValidationError):
        onboarding.withdraw_slot(personas["operator"], slots[0])


@time_machine.travel(MONDAY, tick=False)
def test_manager_books_through_the_page(client_for, estate, slots):
    client = client_for("manager")
    page = client.get("/fr/center/residences/lyon-a/onboarding/").content.decode()
    response = client.post("/fr/center/residences/lyon-a/onboarding/", {
        "slot": slots[1].pk, "contact_phone": "06 12 34 56 78", "flyer_quantity": 150,
        "flyer_languages": ["fr", "en", "zh-hans"], "comment": ""})

    assert "jeudi 10 décembre 2026, 14:00–14:30 (Camille)" in page
    assert response.status_code == 302
    booking = OnboardingBooking.objects.get()
    assert (booking.slot, booking.flyer_quantity, booking.flyer_languages) == (slots[1], 150, ["fr", "en", "zh-hans"])


@time_machine.travel(MONDAY, tick=False)
def test_operator_sees_bookings_and_flyer_orders(client_for, personas, estate, slots):
    onboarding.book(personas["manager"], estate["lyon_a"], request_for(slots[0]))
    onboarding.book(personas["outsider"], estate["grenoble_a"], request_for(slots[1], flyer_quantity=50,
                                                                               flyer_languages=["fr"]))
    client = client_for("operator")

    page = client.get("/fr/center/onboarding/").content.decode()
    export = client.get("/fr/center/onboarding/bookings.csv").content.decode("utf-8-sig").splitlines()

    assert "250 flyers imprimés commandés au total." in page
    assert "Résidence André Allix" in page
    assert "Résidence Ouest" in page
    assert len(export) == 3
    assert export[1].split(";")[5:7] == ["200", "fr en"]


@time_machine.travel(MONDAY, tick=False)
def test_operator_publishes_slots_through_the_page(client_for):
    response = client_for("operator").post("/fr/center/onboarding/", {
        "first_start": "2026-12-14T09:00", "minutes": 45, "count": 4, "host": "Camille"})

    assert response.status_code == 302
    starts = [slot.starts_at.astimezone(PARIS).strftime("%H:%M") for slot in onboarding.open_slots()]
    assert starts == ["09:00", "09:45", "10:30", "11:15"]


def test_long_lines_are_folded_without_cutting_characters():
    line = "DESCRIPTION:" + "é" * 100

    folded = calendar.fold(line)

    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_text_values_are_escaped():
    assert calendar.escape_text("a;b,c\\d\nline") == "a\\;b\\,c\\\\d\\nline"


@time_machine.travel(MONDAY, tick=False)
def test_operator_cancels_from_the_bookings_page(client_for, personas, estate, slots):
    booking = onboarding.book(personas["manager"], estate["lyon_a"], request_for(slots[0]))

    response = client_for("operator").post(f"/fr/center/onboarding/bookings/{booking.pk}/cancel/",
                                           {"next": "/fr/center/onboarding/"})

    booking.refresh_from_db()
    assert response["Location"] == "/fr/center/onboarding/"
    assert booking.cancelled_at is not None
    assert slots[0] in onboarding.open_slots()
