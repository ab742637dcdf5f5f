"""The 10th-of-the-month selection, holds, and the worker catching up after downtime."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from planetcampus.core.clock import PARIS
from planetcampus.messaging.models import Job, Message
from planetcampus.messaging.worker import Worker
from planetcampus.switchover import selection
from planetcampus.switchover.models import Entry, Notice, Wave

pytestmark = pytest.mark.django_db


def paris(day, at=time(12, 0)):
    return datetime.combine(day, at, tzinfo=PARIS)


def test_selection_runs_once(make_residence, dsi_contact):
    make_residence("sel-a", compatible_on=date(2027, 3, 2))
    with time_machine.travel(paris(date(2027, 3, 10), time(18, 0)), tick=False):
        first = selection.select_wave(date(2027, 4, 1))
        second = selection.select_wave(date(2027, 4, 1))

    assert first.pk == second.pk
    assert Entry.objects.count() == 1
    assert Notice.objects.filter(kind=Notice.Kind.DSI_LIST).count() == 1
    assert Message.objects.count() == 1


def test_compatible_on_tenth_and_eleventh(make_residence, dsi_contact):
    on_tenth = make_residence("sel-10", compatible_on=date(2027, 3, 10))
    on_eleventh = make_residence("sel-11", compatible_on=date(2027, 3, 11))
    with time_machine.travel(paris(date(2027, 3, 12)), tick=False):
        wave = selection.select_wave(date(2027, 4, 1))

    assert list(wave.entries.values_list("residence__code", flat=True)) == [on_tenth.code]
    with time_machine.travel(paris(date(2027, 4, 10), time(18, 0)), tick=False):
        may = selection.select_wave(date(2027, 5, 1))
    # The residence of the April wave is taken again because its switch never
    # completed; the one compatible on the 11th joins it in May.
    assert sorted(may.entries.values_list("residence__code", flat=True)) == [on_tenth.code, on_eleventh.code]
    assert Entry.objects.get(wave=wave).status == Entry.Status.WITHDRAWN


def test_hold_needs_a_reason(make_residence, personas):
    residence = make_residence("sel-h")
    with pytest.raises(ValidationError):
        selection.hold(residence, reason="  ", actor=personas["operator"])


def test_hold_withdraws_from_coming_wave_and_cancels_messages(make_residence, dsi_contact, personas):
    residence = make_residence("sel-w", compatible_on=date(2027, 3, 2))
    with time_machine.travel(paris(date(2027, 3, 10), time(18, 0)), tick=False) as traveller:
        wave = selection.select_wave(date(2027, 4, 1))
        traveller.move_to(paris(date(2027, 3, 25), time(9, 0)))
        from planetcampus.switchover import communications

        communications.send_manager_notices(wave)
        manager_message = Notice.objects.get(kind=Notice.Kind.MANAGER_ANNOUNCE).message
        selection.hold(residence, reason="Câblage à reprendre", actor=personas["operator"])

    entry = Entry.objects.get(residence=residence)
    assert entry.status == Entry.Status.WITHDRAWN
    assert entry.withdrawn_reason == "Câblage à reprendre"
    manager_message.refresh_from_db()
    assert manager_message.status == Message.Status.CANCELLED


def test_postpone_rounds_up_to_a_first(make_residence, personas):
    residence = make_residence("sel-p")
    hold = selection.hold(residence, reason="Attente", until=date(2027, 5, 15), actor=personas["operator"])
    assert hold.until == date(2027, 6, 1)


def test_worker_catches_up_missed_selection(make_residence, dsi_contact, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    make_residence("late-a", compatible_on=date(2027, 3, 10))
    make_residence("late-b", compatible_on=date(2027, 3, 11))
    worker = Worker()
    with time_machine.travel(paris(date(2027, 3, 1)), tick=False) as traveller:
        worker.turn()
        # The worker is down from the 1st to the 13th; the selection due on
        # the 10th at 18:00 runs when it comes back, with the 10th's data.
        traveller.move_to(paris(date(2027, 3, 13)))
        worker.turn()
        worker.turn()

    wave = Wave.objects.get(switch_on=date(2027, 4, 1))
    assert list(wave.entries.values_list("residence__code", flat=True)) == ["late-a"]
    assert len(mail.outbox) == 1
    assert Job.objects.get(key="switchover.select:2027-04").status == Job.Status.DONE


def test_morning_sms_expire_after_long_downtime(make_residence, dsi_contact, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    make_residence("down-a", compatible_on=date(2027, 3, 2))
    worker = Worker()
    with time_machine.travel(paris(date(2027, 3, 10), time(18, 5)), tick=False) as traveller:
        worker.turn()
        traveller.move_to(paris(date(2027, 4, 1), time(13, 0)))
        worker.turn()

    announce = Job.objects.get(key="switchover.announce:2027-04")
    managers = Job.objects.get(key="switchover.managers:2027-04")
    assert announce.status == Job.Status.EXPIRED
    assert managers.status == Job.Status.EXPIRED
    assert not Notice.objects.filter(kind=Notice.Kind.RESIDENT_ANNOUNCE).exists()


def test_hold_rejects_past_month_and_switched_residence(make_residence, personas):
    residence = make_residence("sel-p")
    with pytest.raises(ValidationError) as past:
        selection.hold(residence, reason="works", actor=personas["operator"], until=date(2020, 1, 1))
    assert past.value.code == "until"

    residence.offer = residence.Offer.PLANETCAMPUS
    residence.save(update_fields=["offer"])
    with pytest.raises(ValidationError) as switched:
        selection.hold(residence, reason="works", actor=personas["operator"])
    assert switched.value.code == "switched"
