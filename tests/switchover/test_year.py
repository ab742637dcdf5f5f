"""A whole year of switch-overs run by the worker under a frozen clock.

The clock is moved to the moments the schedule cares about (07:05, 09:05,
15:05 and 18:05 Paris time every day) and the worker does one round at each.
"""

from datetime import date, datetime, time, timedelta, timezone

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from planetcampus.core.clock import PARIS
from planetcampus.estate.models import Residence
from planetcampus.messaging.models import Job, Message
from planetcampus.messaging.worker import Worker
from planetcampus.switchover import checklist, selection
from planetcampus.switchover.models import Entry, Notice, Step, Wave
from planetcampus.switchover.planning import planned_date, plans_for

START = date(2026, 12, 1)
END = date(2027, 12, 2)
ROUNDS = (time(7, 5), time(9, 5), time(15, 5), time(18, 5))


def paris(day, at):
    return datetime.combine(day, at, tzinfo=PARIS)


def complete_checklist(residence, actor):
    for kind in checklist.ORDER:
        checklist.do_step(residence, kind, actor=actor)


class Year:
    """Drive the worker through the year, running the test's actions at their moment."""

    def __init__(self, traveller, actions):
        self.traveller = traveller
        self.actions = actions
        self.worker = Worker()

    def run(self, start=START, end=END):
        day = start
        while day <= end:
            for at in ROUNDS:
                moment = paris(day, at)
                self.traveller.move_to(moment)
                for action in self.actions.pop(moment, []):
                    action()
                self.worker.turn()
            day += timedelta(days=1)


@pytest.fixture
def year(settings, tmp_path, make_residence, dsi_contact, personas):
    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    operator = personas["operator"]
    with time_machine.travel(paris(START, time(0, 0)), tick=False) as traveller:
        residences = {
            "december": make_residence("dec-11", compatible_on=date(2026, 12, 11)),
            "on_10th": make_residence("mar-10", compatible_on=date(2027, 3, 10),
                                      phones=("06 12 34 56 78", "+49 151 23456789", "01 23 45 67 89"),
                                      languages={1: "de"}),
            "on_11th": make_residence("mar-11", compatible_on=date(2027, 3, 11)),
            "held": make_residence("held", compatible_on=date(2027, 1, 5)),
            "postponed": make_residence("postponed", compatible_on=date(2027, 1, 5)),
            "autumn": make_residence("autumn", compatible_on=date(2027, 9, 15)),
            "late_checklist": make_residence("late", compatible_on=date(2027, 5, 2)),
            "never": make_residence("never"),
            "new": make_residence("new-open", offer="planetcampus"),
        }
        actions = {
            paris(date(2027, 1, 6), time(9, 5)): [
                lambda: selection.hold(residences["held"], reason="Travaux de câblage", actor=operator),
                lambda: selection.hold(residences["postponed"], reason="Attente du CROUS", until=date(2027, 4, 1),
                                       actor=operator),
            ],
            paris(date(2027, 6, 1), time(9, 5)): [
                lambda: selection.release(residences["held"].switchover_holds.get(), actor=operator),
            ],
        }
        # Technicians finish each switch by 09:05 on D-day, except for the
        # residence whose checklist is completed late, at 18:05.
        for key, switch_on in [("december", date(2027, 2, 1)), ("on_10th", date(2027, 4, 1)),
                               ("on_11th", date(2027, 5, 1)), ("postponed", date(2027, 4, 1)),
                               ("held", date(2027, 7, 1)), ("autumn", date(2027, 11, 1))]:
            actions.setdefault(paris(switch_on, time(9, 5)), []).append(
                lambda residence=residences[key]: complete_checklist(residence, operator))
        actions.setdefault(paris(date(2027, 6, 1), time(18, 5)), []).append(
            lambda: complete_checklist(residences["late_checklist"], operator))
        yield Year(traveller, actions), residences, traveller


def test_year_switches_each_residence_on_its_first(year):
    driver, residences, traveller = year
    driver.run()

    def switched_on(key):
        return Residence.objects.get(pk=residences[key].pk).switched_over_on

    assert switched_on("december") == date(2027, 2, 1)
    assert switched_on("on_10th") == date(2027, 4, 1)
    assert switched_on("on_11th") == date(2027, 5, 1)
    assert switched_on("postponed") == date(2027, 4, 1)
    assert switched_on("held") == date(2027, 7, 1)
    assert switched_on("autumn") == date(2027, 11, 1)
    assert switched_on("late_checklist") == date(2027, 6, 1)
    assert switched_on("never") is None
    assert not Entry.objects.filter(residence=residences["new"]).exists()
    assert not Entry.objects.filter(residence=residences["never"]).exists()

    waves = {entry.residence.code: entry.wave.switch_on for entry in Entry.objects.select_related("wave", "residence")}
    assert waves == {
        "dec-11": date(2027, 2, 1), "mar-10": date(2027, 4, 1), "mar-11": date(2027, 5, 1),
        "postponed": date(2027, 4, 1), "held": date(2027, 7, 1), "autumn": date(2027, 11, 1),
        "late": date(2027, 6, 1),
    }
    assert all(wave.selected_at.astimezone(PARIS).day == 10 for wave in Wave.objects.all())
    assert all(wave.selected_at.astimezone(PARIS).hour == 18 for wave in Wave.objects.all())


def test_year_sends_each_message_once_on_time(year, personas):
    driver, residences, _traveller = year
    driver.run()

    # Six waves have residences (February, April, May, June, July, November);
    # the other months select nobody and mail nobody.
    dsi = Notice.objects.filter(kind=Notice.Kind.DSI_LIST)
    assert dsi.count() == Wave.objects.filter(entries__isnull=False).distinct().count() == 6
    assert all(notice.message.status == Message.Status.SENT for notice in dsi)

    managers = Notice.objects.filter(kind=Notice.Kind.MANAGER_ANNOUNCE)
    assert managers.count() == 7
    morning = Notice.objects.filter(kind=Notice.Kind.RESIDENT_ANNOUNCE, status=Notice.Status.QUEUED)
    done = Notice.objects.filter(kind=Notice.Kind.RESIDENT_DONE, status=Notice.Status.QUEUED)
    # mar-10 has three residents: a French mobile, a German mobile and a landline (skipped).
    assert morning.count() == 6 + 2
    assert done.count() == 6 + 2
    assert Notice.objects.filter(kind=Notice.Kind.RESIDENT_ANNOUNCE, status=Notice.Status.SKIPPED).count() == 1

    sent_emails = Message.objects.filter(channel="email", status="sent").count()
    assert len(mail.outbox) == sent_emails
    assert len({message.extra_headers["Message-ID"] for message in mail.outbox}) == sent_emails
    assert Message.objects.exclude(status=Message.Status.SENT).count() == 0


    for notice in Notice.objects.filter(kind=Notice.Kind.RESIDENT_ANNOUNCE, status=Notice.Status.QUEUED):
        sent = notice.message.sent_at.astimezone(PARIS)
        assert sent.date() == notice.wave.switch_on
        assert sent.time() == time(7, 5)
    april = Job.objects.get(key="switchover.announce:2027-04")
    november = Job.objects.get(key="switchover.announce:2027-11")
    assert april.due_at.astimezone(timezone.utc).hour == 5  # CEST, after the March DST change
    assert november.due_at.astimezone(timezone.utc).hour == 6  # CET, after the October change


    late = residences["late_checklist"]
    alert = Notice.objects.get(kind=Notice.Kind.OPERATOR_ALERT, residence=late)
    assert alert.recipient == personas["operator"].email
    done = Notice.objects.get(kind=Notice.Kind.RESIDENT_DONE, residence=late)
    assert done.message.sent_at.astimezone(PARIS) == paris(date(2027, 6, 1), time(18, 5))
    assert not Notice.objects.filter(kind=Notice.Kind.OPERATOR_ALERT).exclude(residence=late).exists()


    texts = {notice.recipient: notice.message.body for notice in
             Notice.objects.filter(kind=Notice.Kind.RESIDENT_ANNOUNCE, residence=residences["on_10th"],
                                   status=Notice.Status.QUEUED)}
    assert "heute zu PlanetCampus" in texts["+4915123456789"]
    assert "aujourd'hui" in texts["+33612345678"]


def test_dsi_list_has_xlsx_and_csv(year):
    driver, residences, _traveller = year
    driver.run(end=date(2027, 3, 11))

    april = [message for message in mail.outbox if "1 avril 2027" in message.subject]
    assert len(april) == 1
    names = sorted(name for name, _content, _type in april[0].attachments)
    assert names == ["bascule-2027-04-lyon.csv", "bascule-2027-04-lyon.xlsx"]
    csv_text = dict((name, content) for name, content, _type in april[0].attachments)["bascule-2027-04-lyon.csv"]
    assert "Résidence mar-10" in (csv_text if isinstance(csv_text, str) else csv_text.decode("utf-8-sig"))
    assert "Résidence mar-11" not in (csv_text if isinstance(csv_text, str) else csv_text.decode("utf-8-sig"))


def test_planned_date_through_the_year(year):
    driver, residences, traveller = year
    driver.run(end=date(2027, 3, 9))
    assert planned_date(residences["on_10th"]) is None  # not compatible yet on 9 March
    driver.run(start=date(2027, 3, 10), end=date(2027, 3, 10))
    assert planned_date(residences["on_10th"]) == date(2027, 4, 1)
    driver.run(start=date(2027, 3, 11), end=date(2027, 3, 11))
    assert planned_date(residences["on_11th"]) == date(2027, 5, 1)
    assert planned_date(residences["new"]) is None
    assert planned_date(residences["held"]) is None
    plans = plans_for(Residence.objects.filter(pk=residences["never"].pk))
    with translation.override("en"):
        blocking = plans_for(Residence.objects.filter(pk=residences["never"].pk))[residences["never"].pk].blocking
    assert blocking == ["PlanetCampus contract not received", "Target bandwidth status unknown",
                        "Infrastructure upgrade status unknown"]
    assert plans[residences["never"].pk].standing == "blocked"
