"""Accounting-Requests through the real FreeRADIUS, its buffer and the platform."""

import time

import pytest

from planetcampus.aaa.models import AccountingSession, DailyUsage, Device

pytestmark = pytest.mark.django_db(transaction=True)

STATION = "02-11-22-33-44-55"


def signed_in(freeradius, user):
    """Sign in through the portal credentials; return the Class to echo in accounting."""
    from planetcampus.portal.handoff import issue_one_time_credentials

    login, password = issue_one_time_credentials(user)
    reply = freeradius.radclient({"User-Name": login.username, "User-Password": password,
                                  "Calling-Station-Id": STATION, "Called-Station-Id": "00-AA-BB-CC-DD-01:PlanetCampus"})
    assert reply.code == "Access-Accept", reply.output
    return login.username, reply.get("Class")


def acct(freeradius, status, username, klass=None, session_id="S-1", **counters):
    packet = {"Acct-Status-Type": status, "User-Name": username, "Acct-Session-Id": session_id,
              "Calling-Station-Id": STATION, "Called-Station-Id": "00-AA-BB-CC-DD-01:PlanetCampus",
              "NAS-Identifier": "lyon-a-gw1", "Framed-IP-Address": "10.20.0.7", **counters}
    if klass:
        packet["Class"] = klass
    reply = freeradius.radclient(packet, kind="acct")
    assert reply.code == "Accounting-Response", reply.output
    return reply


def wait_for(condition, timeout=40):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def sessions_with(**fields):
    return lambda: AccountingSession.objects.filter(**fields).exists()


def test_start_interim_stop_make_one_session_with_usage(personas, freeradius):
    username, klass = signed_in(freeradius, personas["resident"])

    acct(freeradius, "Start", username, klass)
    acct(freeradius, "Interim-Update", username, klass, **{"Acct-Input-Octets": 1000, "Acct-Output-Octets": 5000,
                                                           "Acct-Session-Time": 60})
    acct(freeradius, "Stop", username, klass, **{"Acct-Input-Octets": 3000, "Acct-Output-Octets": 9000,
                                                 "Acct-Session-Time": 120, "Acct-Terminate-Cause": "User-Request"})

    assert wait_for(sessions_with(closed_by="stop")), freeradius.log()
    session = AccountingSession.objects.get()
    assert (session.input_octets, session.output_octets, session.session_time) == (3000, 9000, 120)
    assert session.user == personas["resident"] and session.account == personas["resident"].email
    assert session.mac == "02:11:22:33:44:55" and session.framed_ip == "10.20.0.7"
    assert session.terminate_cause == "User-Request"
    usage = DailyUsage.objects.get()
    assert (usage.input_octets, usage.output_octets) == (3000, 9000)
    assert Device.objects.get().last_seen >= session.started_at


def test_retransmitted_and_duplicate_packets_never_count_twice(personas, freeradius):
    username, klass = signed_in(freeradius, personas["resident"])
    interim = {"Acct-Input-Octets": 4000, "Acct-Output-Octets": 8000, "Acct-Session-Time": 60}

    acct(freeradius, "Start", username, klass)
    acct(freeradius, "Interim-Update", username, klass, **interim)
    acct(freeradius, "Interim-Update", username, klass, **interim)
    acct(freeradius, "Interim-Update", username, klass, **{**interim, "Acct-Delay-Time": 5})

    assert wait_for(lambda: AccountingSession.objects.filter(packets=4).exists()), freeradius.log()
    assert DailyUsage.objects.get().input_octets == 4000
    assert AccountingSession.objects.get().input_octets == 4000


def test_interim_after_stop_changes_nothing(personas, freeradius):
    username, klass = signed_in(freeradius, personas["resident"])
    acct(freeradius, "Start", username, klass)
    acct(freeradius, "Stop", username, klass, **{"Acct-Input-Octets": 700, "Acct-Session-Time": 30})
    acct(freeradius, "Interim-Update", username, klass, **{"Acct-Input-Octets": 500, "Acct-Session-Time": 20})

    assert wait_for(lambda: AccountingSession.objects.filter(packets=3).exists()), freeradius.log()
    session = AccountingSession.objects.get()
    assert session.closed_by == "stop" and session.input_octets == 700 and session.session_time == 30


def test_interim_for_a_session_never_started_creates_it(personas, freeradius):
    username, klass = signed_in(freeradius, personas["resident"])

    acct(freeradius, "Interim-Update", username, klass, **{"Acct-Input-Octets": 100, "Acct-Session-Time": 600})

    assert wait_for(sessions_with(input_octets=100)), freeradius.log()
    session = AccountingSession.objects.get()
    assert session.stopped_at is None
    assert 590 <= (session.last_event_at - session.started_at).total_seconds() <= 610


def test_gigawords_count_sessions_over_four_gibibytes(personas, freeradius):
    username, klass = signed_in(freeradius, personas["resident"])

    acct(freeradius, "Stop", username, klass, **{"Acct-Input-Octets": 10, "Acct-Input-Gigawords": 2,
                                                 "Acct-Output-Octets": 20, "Acct-Output-Gigawords": 1,
                                                 "Acct-Session-Time": 3600})

    assert wait_for(sessions_with(closed_by="stop")), freeradius.log()
    session = AccountingSession.objects.get()
    assert session.input_octets == 2 * 2**32 + 10
    assert session.output_octets == 2**32 + 20
    assert DailyUsage.objects.aggregate(total=__import__("django.db.models", fromlist=["Sum"]).Sum("input_octets"))["total"] == 2 * 2**32 + 10


def test_accounting_on_closes_the_nas_sessions_and_a_reused_session_id_is_a_new_session(personas, freeradius):
    username, klass = signed_in(freeradius, personas["resident"])
    acct(freeradius, "Start", username, klass, session_id="REUSED")
    assert wait_for(sessions_with(acct_session_id="REUSED"))

    acct(freeradius, "Accounting-On", username)
    assert wait_for(sessions_with(closed_by="nas-reboot")), freeradius.log()

    # After the reboot the NAS counts from the same id again, and echoes no Class.
    acct(freeradius, "Start", username, session_id="REUSED")
    acct(freeradius, "Start", username, session_id="REUSED")
    assert wait_for(lambda: AccountingSession.objects.filter(acct_session_id="REUSED").count() == 2), freeradius.log()
    time.sleep(0.5)
    acct(freeradius, "Accounting-On", username)
    acct(freeradius, "Start", username, session_id="REUSED")
    assert wait_for(lambda: AccountingSession.objects.filter(acct_session_id="REUSED").count() == 3), freeradius.log()
    assert AccountingSession.objects.filter(stopped_at__isnull=True).count() == 1


def test_accounting_off_closes_the_nas_sessions(personas, freeradius):
    username, klass = signed_in(freeradius, personas["resident"])
    acct(freeradius, "Start", username, klass, session_id="OFF-1")
    assert wait_for(sessions_with(acct_session_id="OFF-1"))

    acct(freeradius, "Accounting-Off", username)

    assert wait_for(sessions_with(closed_by="nas-off")), freeradius.log()
    assert not AccountingSession.objects.filter(stopped_at__isnull=True).exists()
