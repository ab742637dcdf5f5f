from datetime import datetime, timezone

import pytest
import time_machine

from planetcampus.core.models import AuditEvent
from planetcampus.eduroam.models import Authentication

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc)


def make_record(residence, number, **values):
    defaults = dict(occurred_at=NOW, residence=residence, outer_identity=f"anonymous@univ-{number}.fr",
                    realm=f"univ-{number}.fr", mac="02:00:00:00:00:01", result="accept", reason="accepted",
                    cui=f"cui-{number}", digest=f"{number:064d}")
    defaults.update(values)
    return Authentication.objects.create(**defaults)


@pytest.fixture
def records(estate):
    return [make_record(estate["lyon_a"], 1), make_record(estate["grenoble_a"], 2, result="reject",
                                                          reason="eduroam_disabled")]


@time_machine.travel(NOW, tick=False)
def test_home_lists_only_visible_residences(client_for, estate, records):
    page = client_for("manager").get("/fr/eduroam/")

    assert page.status_code == 200
    assert estate["lyon_a"].name in page.content.decode()
    assert estate["grenoble_a"].name not in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_home_counts_the_last_day(client_for, estate, records):
    page = client_for("operator").get("/en/eduroam/")

    rows = {row.name: row for row in page.context["page"].object_list}
    assert rows[estate["lyon_a"].name].accepted == 1
    assert rows[estate["grenoble_a"].name].rejected == 1


@time_machine.travel(NOW, tick=False)
def test_residence_page_shows_recent_authentications(client_for, estate, records):
    page = client_for("manager").get("/en/eduroam/residences/lyon-a/")

    assert page.status_code == 200
    assert "anonymous@univ-1.fr" in page.content.decode()
    assert "cui-1" in page.content.decode()


def test_residence_outside_scope_is_not_found(client_for, estate, records):
    page = client_for("outsider").get("/fr/eduroam/residences/lyon-a/")

    assert page.status_code == 404


def test_resident_cannot_see_eduroam_pages(client_for, estate):
    page = client_for("resident").get("/fr/eduroam/")

    assert page.status_code == 403


def test_operator_turns_eduroam_on(client_for, estate):
    response = client_for("operator").post("/fr/eduroam/residences/lyon-b/toggle/", {"enabled": "1"})

    assert response.status_code == 302
    estate["lyon_b"].refresh_from_db()
    assert estate["lyon_b"].eduroam_enabled is True
    assert AuditEvent.objects.filter(action="eduroam.enabled", target_id=str(estate["lyon_b"].pk)).exists()


def test_manager_cannot_toggle_eduroam(client_for, estate):
    response = client_for("manager").post("/fr/eduroam/residences/lyon-a/toggle/", {"enabled": "1"})

    assert response.status_code == 403
    estate["lyon_a"].refresh_from_db()
    assert estate["lyon_a"].eduroam_enabled is False


def test_proxies_page_is_for_operators(client_for, estate):
    assert client_for("operator").get("/en/eduroam/proxies/").status_code == 200
    assert client_for("dsi").get("/en/eduroam/proxies/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_home_query_count_does_not_grow_with_records(client_for, estate, django_assert_max_num_queries):
    for number in range(3, 40):
        make_record(estate["lyon_a"], number)
    client = client_for("operator")

    with django_assert_max_num_queries(12):
        page = client.get("/fr/eduroam/")

    assert page.status_code == 200


@time_machine.travel(NOW, tick=False)
def test_residence_page_query_count_is_bounded(client_for, estate, django_assert_max_num_queries):
    for number in range(3, 60):
        make_record(estate["lyon_a"], number)
    client = client_for("manager")

    with django_assert_max_num_queries(14):
        page = client.get("/fr/eduroam/residences/lyon-a/")

    assert page.status_code == 200


@time_machine.travel(NOW, tick=False)
def test_french_page_shows_translated_reasons(client_for, estate, records):
    page = client_for("operator").get("/fr/eduroam/residences/grenoble-a/")

    assert "pas actif dans cette résidence" in page.content.decode()
