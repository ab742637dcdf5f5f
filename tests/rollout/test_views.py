import pytest

pytestmark = pytest.mark.django_db

HOME = "/fr/rollout/?as_of=2020-09-17"


def test_operator_sees_the_deck_figures(client_for, deck):
    response = client_for("operator").get(HOME)

    assert response.status_code == 200
    page = response.content.decode()
    for figure in ("412", "295", "707", "58 %", "335", "300", "72", "324", "77", "208", "Aix-Marseille Avignon"):
        assert figure in page
    assert "58 % (412) vs 41 % en mars 2020" in page
    assert "47 % (335) vs 14 % (100) en mars 2020" in page


def test_dsi_sees_only_their_crous(client_for, deck):
    response = client_for("dsi").get(HOME)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Lyon" in page
    assert "Grenoble Alpes" not in page
    assert "Paris" not in page
    assert "41 %" in page
    assert "en mars 2020" not in page


def test_manager_and_outsider_are_refused(client_for, deck):
    assert client_for("outsider").get(HOME).status_code == 403
    assert client_for("manager").get(HOME).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, deck):
    response = client.get(HOME)

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_dsi_cannot_open_another_crous(client_for, deck):
    assert client_for("dsi").get("/fr/rollout/crous/grenoble/").status_code == 404
    assert client_for("dsi").get("/fr/rollout/crous/lyon/").status_code == 200


def test_crous_page_lists_residence_criteria(client_for, estate, deck):
    from datetime import date

    from planetcampus.rollout.services import record_change

    for topic, status in (("contract", "planetcampus"), ("target_bandwidth", "delivered"), ("worksite", "not_needed")):
        record_change(estate["lyon_a"], topic, status, date(2020, 9, 1))

    page = client_for("dsi").get("/fr/rollout/crous/lyon/?as_of=2020-09-17").content.decode()

    assert "Résidence André Allix" in page
    assert "Compatible depuis le 01/09/2020" in page
    assert "Contrat PlanetCampus non reçu" in page


def test_csv_export_is_reimportable(client_for, deck, tmp_path):
    from planetcampus.rollout.importers import importer_for
    from planetcampus.rollout.summary import build_summary
    from datetime import date

    response = client_for("operator").get("/fr/rollout/export.csv?as_of=2020-09-17")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    path = tmp_path / "export.csv"
    path.write_bytes(response.content)

    importer_for(path, as_of=date(2020, 9, 18)).run()

    again = build_summary(date(2020, 9, 18))
    assert again.contracts.totals.total == 707
    assert again.worksites.totals.cells(again.worksites.columns) == [77, 208, 34, 5]
    assert again.kickoffs.held_count == 23


def test_dsi_xlsx_export_holds_only_their_crous(client_for, deck):
    import io

    from openpyxl import load_workbook

    response = client_for("dsi").get("/en/rollout/export.xlsx?as_of=2020-09-17")
    workbook = load_workbook(io.BytesIO(response.content))
    contracts = workbook["Contracts received"]
    rows = [row for row in contracts.iter_rows(values_only=True)]

    assert rows[0] == ("CROUS", "PlanetCampus", "SmartCampus", "Total", "%PC")
    assert rows[1] == ("Lyon", 19, 27, 46, 0.41)
    assert rows[2] == ("Total", 19, 27, 46, 0.41)


def test_pdf_is_one_page_with_the_figures(client_for, deck):
    response = client_for("operator").get("/fr/rollout/report.pdf?as_of=2020-09-17")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response.content.count(b"/Type /Page\n") + response.content.count(b"/Type /Page ") == 1
    for figure in (b"(412)", b"(707)", b"(58%)", b"(335)", b"(324)"):
        assert figure in response.content


def test_charts_are_svg(client_for, deck):
    client = client_for("operator")
    for url in ("/fr/rollout/charts/contracts.svg", "/fr/rollout/charts/worksites.svg", "/fr/rollout/charts/progress.svg"):
        response = client.get(url + "?as_of=2020-09-17")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.startswith(b"<svg")
    assert b"41 %" in client.get("/fr/rollout/charts/progress.svg?as_of=2020-09-17").content


def test_dsi_chart_shows_only_their_crous(client_for, deck):
    svg = client_for("dsi").get("/fr/rollout/charts/contracts.svg?as_of=2020-09-17").content.decode()

    assert "Lyon" in svg
    assert "Paris" not in svg


def test_import_page_is_for_operators_only(client_for, deck):
    assert client_for("dsi").get("/fr/rollout/import/").status_code == 403


def test_pasted_table_with_a_wrong_total_is_rejected(client_for, crous):
    from planetcampus.rollout.models import CountTable

    text = "CROUS\tPlanetCampus\tSmartCampus\tTotal général\nLYON\t19\t27\t46\nTotal général\t19\t27\t47\n"
    response = client_for("operator").post("/fr/rollout/import/", {"text": text, "as_of": "2020-09-17"})

    assert response.status_code == 200
    assert "46" in response.content.decode()
    assert CountTable.objects.count() == 0


def test_pasted_table_is_imported(client_for, crous):
    from planetcampus.rollout.models import CountTable

    text = "CROUS\tPlanetCampus\tSmartCampus\nLYON\t19\t27\n"
    response = client_for("operator").post("/fr/rollout/import/", {"text": text, "as_of": "2020-09-17"})

    assert response.status_code == 200
    assert CountTable.objects.get().rows.get().counts == {"planetcampus": 19, "smartcampus": 27}


def test_operator_records_a_dated_change(client_for, estate):
    from datetime import date

    from planetcampus.core.models import AuditEvent
    from planetcampus.rollout.models import ResidenceStatusChange

    response = client_for("operator").post("/fr/rollout/residence/lyon-a/", {
        "topic": "worksite", "status": "audit", "effective_on": "2020-05-04", "note": "audit par l'intégrateur",
    })

    assert response.status_code == 302
    change = ResidenceStatusChange.objects.get()
    assert (change.topic, change.status, change.effective_on) == ("worksite", "audit", date(2020, 5, 4))
    assert AuditEvent.objects.filter(action="rollout.status_recorded").count() == 1
    page = client_for("operator").get("/fr/rollout/residence/lyon-a/").content.decode()
    assert "#1 Audit en cours" in page


def test_status_from_another_topic_is_rejected(client_for, estate):
    from planetcampus.rollout.models import ResidenceStatusChange

    response = client_for("operator").post("/fr/rollout/residence/lyon-a/", {
        "topic": "contract", "status": "audit", "effective_on": "2020-05-04",
    })

    assert response.status_code == 200
    assert ResidenceStatusChange.objects.count() == 0


def test_dsi_reads_history_but_cannot_record(client_for, estate):
    client = client_for("dsi")

    assert client.get("/fr/rollout/residence/lyon-a/").status_code == 200
    assert client.get("/fr/rollout/residence/grenoble-a/").status_code == 404
    assert client.post("/fr/rollout/residence/lyon-a/", {"topic": "contract", "status": "planetcampus",
                                                         "effective_on": "2020-05-04"}).status_code == 403


def test_home_query_count_does_not_grow_with_crous(client_for, deck, django_assert_max_num_queries):
    client = client_for("operator")
    client.get(HOME)

    with django_assert_max_num_queries(40):
        client.get(HOME)


def test_back_office_lists_history_read_only(client_for, deck):
    client = client_for("operator")

    assert client.get("/fr/admin/rollout/counttable/").status_code == 200
    assert client.get("/fr/admin/rollout/counttable/add/").status_code == 403


def test_xlsx_export_is_reimportable(client_for, deck, tmp_path):
    from datetime import date

    from planetcampus.rollout.importers import importer_for
    from planetcampus.rollout.summary import build_summary

    response = client_for("operator").get("/fr/rollout/export.xlsx?as_of=2020-09-17")
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)

    report = importer_for(path, as_of=date(2020, 9, 18)).run()

    assert sorted(report.tables) == ["contracts", "kickoff", "target_bandwidth", "worksites"]
    again = build_summary(date(2020, 9, 18))
    assert again.contracts.totals.percent == 58
    assert again.target_bandwidth.totals.cells(again.target_bandwidth.columns) == [335, 300, 72]


def test_home_defaults_to_today(client_for, deck):
    import time_machine

    with time_machine.travel("2020-09-20 10:00 +02:00", tick=False):
        page = client_for("operator").get("/fr/rollout/").content.decode()

    assert "Suivi du déploiement au 20 septembre 2020" in page
    assert "58 % (412) vs 41 % en mars 2020" in page


def test_operator_moves_and_cancels_steering_committees(client_for, estate):
    from datetime import date

    from planetcampus.rollout.summary import kickoff_summary

    import time_machine

    client = client_for("operator")
    url = "/fr/rollout/crous/lyon/meetings/"
    with time_machine.travel("2020-09-20 10:00 +02:00", tick=False):
        client.post(url, {"kind": "steering", "meeting_on": "2020-10-01"})
        client.post(url, {"kind": "steering", "meeting_on": "2020-12-15"})
    with time_machine.travel("2020-09-25 10:00 +02:00", tick=False):
        client.post(url, {"kind": "steering", "meeting_on": "2020-10-08", "replaces_on": "2020-10-01"})
        response = client.post(url, {"kind": "steering", "meeting_on": "2020-12-15", "cancelled": "on"})

    assert response.status_code == 302
    planned = kickoff_summary(date(2020, 9, 21), [estate["lyon"]]).lines[0]
    assert planned.steering == [date(2020, 10, 1), date(2020, 12, 15)]
    moved = kickoff_summary(date(2020, 9, 25), [estate["lyon"]]).lines[0]
    assert moved.steering == [date(2020, 10, 8)]


def test_dsi_cannot_record_meetings(client_for, estate):
    response = client_for("dsi").post("/fr/rollout/crous/lyon/meetings/", {"kind": "steering", "meeting_on": "2020-10-01"})

    assert response.status_code == 403


def test_home_names_residence_records_as_a_source(client_for, deck, estate):
    from datetime import date

    from planetcampus.rollout.services import record_change

    record_change(estate["lyon_a"], "contract", "planetcampus", date(2020, 10, 5))

    page = client_for("operator").get("/fr/rollout/?as_of=2020-10-10").content.decode()

    assert "comptages importés pour le 17/09/2020" in page
    assert "Lyon (05/10/2020)" in page


def test_invalid_as_of_names_the_value(client_for):
    response = client_for("operator").get("/en/rollout/", {"as_of": "31/02/2020"})

    assert response.status_code == 200
    assert "“31/02/2020” is not a valid date" in response.content.decode()
