import pytest


@pytest.mark.django_db
def test_root_redirects_by_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")

    assert response.status_code == 302
    assert response["Location"] == "/de/"


@pytest.mark.django_db
def test_root_defaults_to_french(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="")

    assert response["Location"] == "/fr/"


@pytest.mark.django_db
def test_cookie_beats_accept_language(client):
    client.cookies["planetcampus_language"] = "es"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")

    assert response["Location"] == "/es/"


@pytest.mark.django_db
def test_chinese_prefix_accepted(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert response["Location"] == "/zh-hans/"


def test_staff_page_in_german_goes_to_english(client_for):
    client = client_for("operator")

    response = client.get("/de/operator/?x=1")

    assert response.status_code == 302
    assert response["Location"] == "/en/operator/?x=1"


def test_operator_home_in_english(client_for):
    response = client_for("operator").get("/en/operator/")

    assert response.status_code == 200
    assert "Operator home" in response.content.decode()


def test_resident_right_last_day_is_departure(personas, estate):
    from datetime import date

    from planetcampus.access.models import Resident
    from planetcampus.access.rights import current_right

    resident = personas["resident"]
    Resident.objects.create(residence=estate["lyon_a"], last_name="Dupont", first_name="Marjolaine",
                            departure_on=date(2099, 6, 30), user=resident)

    assert current_right(resident).last_day == date(2099, 6, 30)
