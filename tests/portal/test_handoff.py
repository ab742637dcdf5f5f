"""One-time credentials handed to the gateway and checked by RADIUS."""

from datetime import timedelta

import pytest
import time_machine

from planetcampus.core.clock import now
from planetcampus.estate.models import Nas
from planetcampus.portal.handoff import issue_one_time_credentials, verify_one_time_credentials
from planetcampus.portal.visits import open_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(estate):
    nas = Nas.objects.get(identifier="lyon-a-gw1")
    return open_visit(nas=nas, client_mac="0E-23-45-6A-02-0E", client_ip="10.0.0.5", ssid="PlanetCampus")


def test_credentials_accepted_once(personas, visit):
    login, password = issue_one_time_credentials(personas["resident"], visit=visit)

    first = verify_one_time_credentials(login.username, password, calling_station_id="0E-23-45-6A-02-0E", nas=visit.nas)
    second = verify_one_time_credentials(login.username, password, calling_station_id="0E-23-45-6A-02-0E", nas=visit.nas)

    assert first == login
    assert first.used_at is not None
    assert second is None


def test_wrong_password_rejected(personas, visit):
    login, password = issue_one_time_credentials(personas["resident"], visit=visit)

    assert verify_one_time_credentials(login.username, password[:-1] + "!", calling_station_id="0e:23:45:6a:02:0e", nas=visit.nas) is None
    assert verify_one_time_credentials(login.username, password, calling_station_id="0e:23:45:6a:02:0e", nas=visit.nas) == login


def test_other_mac_rejected(personas, visit):
    login, password = issue_one_time_credentials(personas["resident"], visit=visit)

    assert verify_one_time_credentials(login.username, password, calling_station_id="AA-BB-CC-DD-EE-FF", nas=visit.nas) is None


def test_other_nas_rejected(personas, visit, estate):
    login, password = issue_one_time_credentials(personas["resident"], visit=visit)
    other = Nas.objects.get(identifier="grenoble-a-gw1")

    assert verify_one_time_credentials(login.username, password, calling_station_id="0E-23-45-6A-02-0E", nas=other) is None


def test_expired_credentials_rejected(personas, visit):
    login, password = issue_one_time_credentials(personas["resident"], visit=visit)

    with time_machine.travel(now() + timedelta(minutes=3)):
        assert verify_one_time_credentials(login.username, password, calling_station_id="0E-23-45-6A-02-0E", nas=visit.nas) is None


def test_foreign_user_name_ignored(personas, visit):
    assert verify_one_time_credentials("student@etu.test", "x", calling_station_id="0E-23-45-6A-02-0E", nas=visit.nas) is None


def test_purge_keeps_recent_records(personas, visit, settings):
    from django.core.management import call_command

    from planetcampus.portal.models import PortalLogin, PortalVisit

    issue_one_time_credentials(personas["resident"], visit=visit)
    old = issue_one_time_credentials(personas["resident"], visit=visit)[0]
    PortalLogin.objects.filter(pk=old.pk).update(created_at=now() - timedelta(days=2))
    stale = PortalVisit.objects.create(key="stale", created_at=now() - timedelta(days=400), expires_at=now() - timedelta(days=400))

    call_command("purgeportal", verbosity=0)

    assert PortalLogin.objects.count() == 1
    assert not PortalVisit.objects.filter(pk=stale.pk).exists()
    assert PortalVisit.objects.filter(pk=visit.pk).exists()
