"""Staff pages of the SLA dashboard: scope per persona, exports, charts and incident entry."""

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from planetcampus.core.clock import PARIS
from planetcampus.core.models import AuditEvent
from planetcampus.reporting.ingest import ingest_file
from planetcampus.reporting.models import Incident
from tests.reporting.conftest import grid, write_samples_csv

MONTH = "?month=2020-02"


@pytest.fixture
def probes(estate, tmp_path):
    rows = []
    for residence in (estate["lyon_a"], estate["lyon_b"], estate["grenoble_a"]):
        for moment in grid(datetime(2020, 2, 1, tzinfo=PARIS), datetime(2020, 2, 8, tzinfo=PARIS)):
            rows.append((residence.code, moment, True, 9, 55))
    ingest_file(write_samples_csv(tmp_path / "week.csv", rows))
    Incident.objects.create(residence=estate["grenoble_a"], started_at=datetime(2020, 2, 3, 9, tzinfo=PARIS),
                            ended_at=datetime(2020, 2, 3, 10, tzinfo=PARIS), responsibility="operator",
                            title="Panne à Grenoble")


def test_operator_sees_every_crous(client_for, probes):
    page = client_for("operator").get("/fr/reporting/" + MONTH).content.decode()

    assert "CROUS LYON" in page
    assert "CROUS GRENOBLE" in page
    assert "Dispo (resp. opérateur) (%)" in page


def test_dsi_sees_only_their_crous(client_for, probes):
    page = client_for("dsi").get("/fr/reporting/" + MONTH).content.decode()

    assert "Résidence André Allix" in page
    assert "Résidence Benjamin Delessert" in page
    assert "Résidence Ouest" not in page
    assert "Panne à Grenoble" not in page


def test_manager_sees_only_their_residence(client_for, probes):
    page = client_for("manager").get("/fr/reporting/" + MONTH).content.decode()

    assert "Résidence André Allix" in page
    assert "Résidence Benjamin Delessert" not in page


def test_outsider_gets_404_for_other_crous(client_for, probes, estate):
    client = client_for("outsider")

    assert client.get(f"/fr/reporting/residence/{estate['lyon_a'].code}/" + MONTH).status_code == 404
    assert client.get("/fr/reporting/?crous=lyon").status_code == 404
    export = client.get("/fr/reporting/export.csv" + MONTH).content.decode("utf-8-sig")
    assert "Résidence André Allix" not in export
    assert "Résidence Ouest" in export


def test_resident_and_anonymous_are_refused(client, client_for, probes):
    assert client.get("/fr/reporting/").status_code == 302
    assert client_for("resident").get("/fr/reporting/").status_code == 403


def test_residence_page_draws_svg_charts(client_for, probes, estate):
    page = client_for("dsi").get(f"/fr/reporting/residence/{estate['lyon_a'].code}/" + MONTH).content.decode()

    assert page.count("<svg") == 3
    assert "<polyline" in page
    assert "3360 sur 13920 attendues" in page


def test_english_dashboard(client_for, probes):
    page = client_for("operator").get("/en/reporting/" + MONTH).content.decode()

    assert "Avail. (operator resp.) (%)" in page
    assert "Mean throughput 7-11 pm (Mb/s)" in page


def test_exports_in_three_formats(client_for, probes):
    client = client_for("dsi")
    csv = client.get("/fr/reporting/export.csv" + MONTH)
    xlsx = client.get("/fr/reporting/export.xlsx" + MONTH)
    pdf = client.get("/fr/reporting/export.pdf" + MONTH)

    assert csv["Content-Type"].startswith("text/csv")
    assert "CROUS LYON;100,00;100,00;9,00;55,00" in csv.content.decode("utf-8-sig")
    assert load_workbook(io.BytesIO(xlsx.content)).active["A2"].value == "CROUS LYON"
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/fr/reporting/export.doc").status_code == 404


def test_invalid_month_is_404(client_for, probes):
    assert client_for("operator").get("/fr/reporting/?month=2020-13").status_code == 404


def test_operator_records_incident(client_for, estate):
    client = client_for("operator")
    response = client.post(f"/fr/reporting/residence/{estate['lyon_b'].code}/incidents/new/", {
        "started_at": "2020-02-20T10:00", "ended_at": "2020-02-20T11:30", "responsibility": "crous",
        "title": "Local technique fermé", "site_informed": "on", "outcome": "Accès rétabli."})

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.started_at == datetime(2020, 2, 20, 10, tzinfo=PARIS)
    assert incident.site_informed is True
    assert AuditEvent.objects.filter(action="incident.recorded").count() == 1


def test_incident_end_before_start_is_refused(client_for, estate):
    response = client_for("operator").post(f"/fr/reporting/residence/{estate['lyon_b'].code}/incidents/new/", {
        "started_at": "2020-02-20T10:00", "ended_at": "2020-02-20T09:00", "responsibility": "crous", "title": "X"})

    assert response.status_code == 200
    assert "La fin doit suivre le début." in response.content.decode()
    assert not Incident.objects.exists()


def test_dsi_cannot_record_incident(client_for, estate):
    response = client_for("dsi").get(f"/fr/reporting/residence/{estate['lyon_b'].code}/incidents/new/")

    assert response.status_code == 403


def test_operator_closes_open_incident(client_for, estate):
    incident = Incident.objects.create(residence=estate["lyon_b"], started_at=datetime(2020, 2, 20, 10, tzinfo=PARIS),
                                       responsibility="operator", title="Site injoignable")
    response = client_for("operator").post(f"/fr/reporting/residence/lyon-b/incidents/{incident.pk}/", {
        "started_at": "2020-02-20T10:00", "ended_at": "2020-02-20T12:00", "responsibility": "operator",
        "title": "Site injoignable", "outcome": "Service rétabli."})

    incident.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].endswith("?month=2020-02")
    assert incident.ended_at == datetime(2020, 2, 20, 12, tzinfo=PARIS)
    assert AuditEvent.objects.get(action="incident.updated").data["changed"] == ["ended_at", "outcome"]


def test_incident_of_other_residence_is_404(client_for, estate):
    incident = Incident.objects.create(residence=estate["grenoble_a"], started_at=datetime(2020, 2, 20, 10, tzinfo=PARIS),
                                       responsibility="operator", title="Panne")

    assert client_for("operator").get(f"/fr/reporting/residence/lyon-b/incidents/{incident.pk}/").status_code == 404


def test_operator_sees_latest_ingests(client_for, probes):
    operator_page = client_for("operator").get("/fr/reporting/" + MONTH).content.decode()
    dsi_page = client_for("dsi").get("/fr/reporting/" + MONTH).content.decode()

    assert "week.csv" in operator_page
    assert "week.csv" not in dsi_page


def test_xlsx_lists_sample_counts(client_for, probes):
    content = client_for("manager").get("/fr/reporting/export.xlsx" + MONTH).content
    rows = list(load_workbook(io.BytesIO(content))["Mesures"].iter_rows(values_only=True))

    assert rows[1][:3] == ("Résidence André Allix", 7 * 480, 29 * 480)


def test_dashboard_queries_do_not_grow_with_residences(client_for, probes, estate, django_assert_max_num_queries):
    from planetcampus.estate.models import Residence

    client = client_for("operator")
    Residence.objects.bulk_create([Residence(code=f"lyon-extra-{index}", name=f"Extra {index}", crous=estate["lyon"])
                                   for index in range(30)])

    with django_assert_max_num_queries(12):
        response = client.get("/fr/reporting/" + MONTH)

    assert response.status_code == 200
