from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from planetcampus.core.clock import PARIS
from planetcampus.switchover import selection
from planetcampus.switchover.models import Hold, Step

pytestmark = pytest.mark.django_db


def test_home_lists_blocking_criteria(client_for, make_residence):
    make_residence("view-a")
    response = client_for("operator").get("/fr/switchover/")

    assert response.status_code == 200
    assert "Contrat PlanetCampus non reçu" in response.content.decode()


def test_home_in_english(client_for, make_residence):
    make_residence("view-en")
    response = client_for("operator").get("/en/switchover/")

    assert response.status_code == 200
    assert "PlanetCampus contract not received" in response.content.decode()


def test_outsider_cannot_see_lyon_residence(client_for, make_residence):
    make_residence("view-b")
    client = client_for("outsider")

    assert client.get(reverse("switchover:residence", args=["view-b"])).status_code == 404
    assert "view-b" not in client.get(reverse("switchover:home")).content.decode()


def test_manager_sees_but_cannot_act(client_for, make_residence):
    make_residence("view-c")
    client = client_for("manager")

    assert client.get(reverse("switchover:residence", args=["view-c"])).status_code == 200
    response = client.post(reverse("switchover:step", args=["view-c", "ssid", "do"]))
    assert response.status_code == 403
    assert not Step.objects.filter(state="done").exists()


def test_operator_confirms_and_undoes_step(client_for, make_residence):
    residence = make_residence("view-d")
    client = client_for("operator")

    client.post(reverse("switchover:step", args=["view-d", "ssid", "do"]), {"note": "OK technicien"})
    assert Step.objects.get(residence=residence, kind="ssid").state == "done"
    client.post(reverse("switchover:step", args=["view-d", "ssid", "undo"]))
    assert Step.objects.get(residence=residence, kind="ssid").state == "pending"


def test_failed_step_shows_the_reason(client_for, make_residence):
    make_residence("view-e")
    response = client_for("operator").post(reverse("switchover:step", args=["view-e", "portal", "do"]), follow=True)

    assert "SSID" in response.content.decode()
    assert not Step.objects.filter(state="done").exists()


def test_operator_holds_with_reason_and_month(client_for, make_residence):
    residence = make_residence("view-f")
    client_for("operator").post(reverse("switchover:hold", args=["view-f"]), {"reason": "Travaux", "until": "2027-05"})

    hold = Hold.objects.get(residence=residence)
    assert hold.until == date(2027, 5, 1)
    assert hold.reason == "Travaux"


def test_bad_month_is_rejected_with_the_value(client_for, make_residence):
    make_residence("view-g")
    response = client_for("operator").post(reverse("switchover:hold", args=["view-g"]),
                                           {"reason": "Travaux", "until": "mai"}, follow=True)

    assert "mai" in response.content.decode()
    assert not Hold.objects.exists()


def test_trajectory_is_svg(client_for, make_residence):
    make_residence("view-h", compatible_on=date(2027, 3, 2))
    response = client_for("dsi").get(reverse("switchover:trajectory"))

    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b"<polyline" in response.content
    # Coordinates use a decimal point whatever the language: "40,0" breaks SVG.
    assert b'points="40.0,' in response.content


def test_wave_list_download_is_scoped(client_for, make_residence, estate, dsi_contact):
    make_residence("view-lyon", compatible_on=date(2027, 3, 2))
    make_residence("view-gre", compatible_on=date(2027, 3, 2), crous=estate["grenoble"])
    with time_machine.travel(datetime(2027, 3, 10, 18, 0, tzinfo=PARIS), tick=False):
        selection.select_wave(date(2027, 4, 1))

    body = client_for("dsi").get(reverse("switchover:wave-list", args=["2027-04-01", "csv"])).content.decode("utf-8-sig")
    assert "view-lyon" in body
    assert "view-gre" not in body
    page = client_for("dsi").get(reverse("switchover:wave", args=["2027-04-01"]))
    assert page.status_code == 200
    assert "view-gre" not in page.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("switchover:home"))
    assert response.status_code == 302


def test_resident_is_forbidden(client_for):
    assert client_for("resident").get(reverse("switchover:home")).status_code == 403


def test_clock_is_used_for_next_selection(client_for):
    with time_machine.travel(datetime(2027, 3, 11, 9, 0, tzinfo=PARIS), tick=False):
        response = client_for("operator").get("/fr/switchover/")
    assert "1 mai 2027" in response.content.decode()


def test_home_queries_do_not_grow_with_residences(client_for, make_residence, django_assert_max_num_queries):
    client = client_for("operator")
    for number in range(3):
        make_residence(f"budget-{number}", compatible_on=date(2027, 3, 2))
    with django_assert_max_num_queries(25) as few:
        client.get("/fr/switchover/")
    for number in range(3, 15):
        make_residence(f"budget-{number}", compatible_on=date(2027, 3, 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/fr/switchover/")
