"""The switch-over's messages through a real SMTP server and an HTTP SMS gateway started by the test."""

from datetime import date, datetime, time
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from planetcampus.core.clock import PARIS
from planetcampus.messaging import delivery
from planetcampus.switchover import checklist, communications, selection
from planetcampus.switchover.models import Notice

pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def test_campaign_reaches_smtp_and_sms_servers(real_transports, make_residence, dsi_contact, personas):
    smtp_server, gateway = real_transports
    residence = make_residence("tr-a", compatible_on=date(2027, 3, 2), phones=("06.12.34.56.78", "0033 7 52 34 56 78"))
    with time_machine.travel(at(date(2027, 3, 10), 18), tick=False) as traveller:
        wave = selection.select_wave(date(2027, 4, 1))
        delivery.deliver_due("test")
        traveller.move_to(at(date(2027, 3, 25), 9))
        communications.send_manager_notices(wave)
        delivery.deliver_due("test")
        traveller.move_to(at(date(2027, 4, 1), 7))
        communications.send_resident_announcements(wave)
        delivery.deliver_due("test")
        for kind in checklist.ORDER:
            checklist.do_step(residence, kind, actor=personas["operator"])
        traveller.move_to(at(date(2027, 4, 1), 15))
        communications.send_resident_done(wave.entries.get())
        delivery.deliver_due("test")

    dsi_mail, manager_mail = smtp_server.recorder.messages
    assert dsi_mail["To"] == dsi_contact.email
    attachments = {part.get_filename(): part.get_content() for part in dsi_mail.iter_attachments()}
    assert sorted(attachments) == ["bascule-2027-04-lyon.csv", "bascule-2027-04-lyon.xlsx"]
    assert "tr-a" in attachments["bascule-2027-04-lyon.csv"]
    sheet = load_workbook(BytesIO(attachments["bascule-2027-04-lyon.xlsx"])).active
    assert sheet["B2"].value == "tr-a"

    assert manager_mail["To"] == personas["manager"].email
    assert "/fr/center/residences/tr-a/onboarding/" in manager_mail.get_body(("plain",)).get_content()
    flyer = next(manager_mail.iter_attachments())
    assert flyer.get_content_type() == "application/pdf"
    assert flyer.get_content().startswith(b"%PDF")

    numbers = sorted({to for _id, to, _text in gateway.accepted})
    assert numbers == ["33612345678", "33752345678"]
    assert len(gateway.accepted) == 4
    assert Notice.objects.filter(message__status="sent").count() == 6
