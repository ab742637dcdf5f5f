"""The AAA staff pages: scope by persona, and the lawful-request export."""

import pytest

from planetcampus.aaa.models import AccountingSession, LawfulExport
from planetcampus.core.clock import now
from planetcampus.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _session(estate, nas_of, user=None):
    nas = estate[nas_of].nas_devices.get()
    return AccountingSession.objects.create(
        unique_id=f"{nas_of}-1", acct_session_id="S", nas=nas, nas_identifier=nas.identifier, nas_ip=nas.ip_address,
        user=user, account=getattr(user, "email", ""), mac="02:11:22:33:44:55", framed_ip="10.20.0.7",
        started_at=now(), last_event_at=now(), received_at=now())


def test_manager_sees_only_their_residences(client_for, estate):
    _session(estate, "lyon_a")
    _session(estate, "grenoble_a")

    page = client_for("manager").get("/radius/")

    assert page.status_code == 200
    assert estate["lyon_a"].name in page.content.decode()
    assert estate["grenoble_a"].name not in page.content.decode()


def test_outsider_does_not_see_lyon(client_for, estate):
    page = client_for("outsider").get("/radius/")

    assert estate["lyon_a"].name not in page.content.decode()


def test_resident_cannot_open_the_staff_page(client_for):
    assert client_for("resident").get("/radius/").status_code == 403


def test_only_operators_export_connection_logs(client_for):
    assert client_for("dsi").get("/radius/lawful-export/").status_code == 403


def test_operator_exports_by_mac_and_the_export_is_recorded(client_for, estate, personas):
    _session(estate, "lyon_a", personas["resident"])
    start = now().astimezone().strftime("%Y-%m-%dT00:00")

    response = client_for("operator").post("/radius/lawful-export/", {
        "reference": "PV 2026/77", "start": start, "end": "2099-01-01T00:00", "mac": "02-11-22-33-44-55"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert personas["resident"].email in response.content.decode()
    assert LawfulExport.objects.get().requested_by == personas["operator"]
    assert AuditEvent.objects.filter(action="connection_log.exported", actor=personas["operator"]).exists()


def test_export_without_criteria_shows_the_fix(client_for):
    response = client_for("operator").post("/radius/lawful-export/", {
        "reference": "R", "start": "2026-01-01T00:00", "end": "2026-01-02T00:00", "mac": "zz"})

    assert response.status_code == 200
    assert "AA-BB-CC-DD-EE-FF" in response.content.decode()
    assert LawfulExport.objects.count() == 0
