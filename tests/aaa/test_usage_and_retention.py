"""Usage split across midnight, silent sessions, legal retention and lawful export."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from planetcampus.aaa.accounting import close_silent_sessions, split_by_day
from planetcampus.aaa.models import AccountingSession, LawfulExport
from planetcampus.aaa.retention import export, purge
from planetcampus.core.clock import PARIS, now
from planetcampus.core.models import AuditEvent

NIGHT = datetime(2026, 3, 10, 23, 30, tzinfo=PARIS)


def test_usage_is_split_across_midnight_in_proportion_to_time():
    parts = split_by_day(NIGHT, NIGHT + timedelta(hours=1), 6000, 600)

    assert parts == [(date(2026, 3, 10), 3000, 300), (date(2026, 3, 11), 3000, 300)]


def test_usage_over_the_spring_clock_change_follows_paris_days():
    start = datetime(2026, 3, 28, 23, 0, tzinfo=PARIS)
    parts = split_by_day(start, start + timedelta(hours=2), 1200, 0)

    assert [day for day, _in, _out in parts] == [date(2026, 3, 28), date(2026, 3, 29)]
    assert sum(part for _day, part, _out in parts) == 1200


def _session(estate, user=None, **fields):
    nas = estate["lyon_a"].nas_devices.get()
    values = {"unique_id": f"u{AccountingSession.objects.count()}", "acct_session_id": "S", "nas": nas,
              "nas_identifier": nas.identifier, "nas_ip": nas.ip_address, "user": user,
              "account": getattr(user, "email", ""), "mac": "02:11:22:33:44:55", "framed_ip": "10.20.0.7",
              "started_at": now(), "last_event_at": now(), "received_at": now(), **fields}
    return AccountingSession.objects.create(**values)


@pytest.mark.django_db
def test_sessions_silent_too_long_are_closed_at_their_last_report(estate):
    with time_machine.travel(NIGHT, tick=False):
        session = _session(estate)
    with time_machine.travel(NIGHT + timedelta(hours=4), tick=False):
        assert close_silent_sessions(3 * 3600) == 1

    session.refresh_from_db()
    assert session.closed_by == "silence" and session.stopped_at == session.last_event_at


@pytest.mark.django_db
def test_connection_logs_older_than_the_retention_are_purged(estate, settings):
    settings.CONNECTION_LOG_RETENTION_DAYS = 365
    with time_machine.travel(NIGHT - timedelta(days=400), tick=False):
        _session(estate, stopped_at=now())
    with time_machine.travel(NIGHT - timedelta(days=300), tick=False):
        kept = _session(estate, stopped_at=now())

    with time_machine.travel(NIGHT, tick=False):
        counts = purge()

    assert counts["sessions"] == 1
    assert list(AccountingSession.objects.all()) == [kept]
    assert AuditEvent.objects.filter(action="connection_log.purged").exists()


@pytest.mark.django_db
def test_lawful_export_selects_by_mac_and_time_and_is_itself_logged(estate, personas):
    with time_machine.travel(NIGHT, tick=False):
        _session(estate, personas["resident"], stopped_at=NIGHT + timedelta(hours=1))
        _session(estate, personas["resident"], mac="02:99:99:99:99:99", stopped_at=NIGHT + timedelta(hours=1))
        record, content = export(NIGHT - timedelta(hours=1), NIGHT + timedelta(hours=2), reference="PV 2026/123",
                                 actor=personas["operator"], mac="02-11-22-33-44-55")

    lines = content.decode().splitlines()
    assert len(lines) == 2 and "02:11:22:33:44:55" in lines[1] and personas["resident"].email in lines[1]
    assert record.rows == 1 and len(record.sha256) == 64
    event = AuditEvent.objects.get(action="connection_log.exported")
    assert event.actor == personas["operator"] and event.data["reference"] == "PV 2026/123"


@pytest.mark.django_db
def test_lawful_export_by_ip_or_account_from_the_command(estate, personas, tmp_path):
    with time_machine.travel(NIGHT, tick=False):
        _session(estate, personas["resident"])
    output = tmp_path / "export.csv"

    call_command("radius", "export", "--from", "2026-03-10T00:00", "--to", "2026-03-11T00:00",
                 "--ip", "10.20.0.7", "--reference", "R-1", "--by", personas["operator"].email, "--output", str(output))
    call_command("radius", "export", "--from", "2026-03-10T00:00", "--to", "2026-03-11T00:00",
                 "--account", personas["resident"].email, "--reference", "R-2", "--output", str(output))

    assert LawfulExport.objects.count() == 2
    assert "10.20.0.7" in output.read_text()


@pytest.mark.django_db
def test_an_export_without_criteria_is_refused(estate):
    with pytest.raises(ValueError, match="MAC address"):
        export(NIGHT, NIGHT, reference="R-3")
