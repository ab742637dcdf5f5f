import pytest

from planetcampus.estate.importers.opendata import OpenDataImporter
from tests.estate.test_opendata_import import OPEN_DATA


@pytest.fixture
def open_data(personas):
    OpenDataImporter(OPEN_DATA).run()


def test_operator_home_lists_market_crous(client_for, open_data):
    response = client_for("operator").get("/fr/operator/")

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["market"][0].name == "Aix-Marseille Avignon"
    assert len(response.context["market"]) == 23
    paris = next(c for c in response.context["market"] if c.code == "paris")
    assert paris.residence_count == 83
    assert "Accueil opérateur" in page


def test_operator_home_refused_to_manager(client_for):
    response = client_for("manager").get("/fr/operator/")

    assert response.status_code == 403


def test_operator_home_asks_anonymous_to_sign_in(client, db):
    response = client.get("/fr/operator/")

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_residence_search_scoped_to_manager(client_for, estate):
    response = client_for("manager").get("/fr/operator/residences/")

    names = [residence.name for residence in response.context["page"].object_list]
    assert names == ["Résidence André Allix"]


def test_dsi_sees_own_crous_residences(client_for, estate):
    response = client_for("dsi").get("/fr/operator/crous/lyon/")

    assert response.status_code == 200
    assert len(response.context["residences"]) == 2


@pytest.mark.parametrize("url", ["/fr/operator/crous/lyon/", "/fr/operator/residences/lyon-a/"])
def test_outsider_gets_404_on_other_crous(client_for, url):
    response = client_for("outsider").get(url)

    assert response.status_code == 404


def test_residence_search_by_name(client_for, open_data):
    response = client_for("operator").get("/fr/operator/residences/", {"q": "Vauban", "crous": "versailles"})

    assert [r.code for r in response.context["page"].object_list] == ["od-205"]


def test_admin_in_french_filterable_by_crous(client_for, estate):
    response = client_for("operator").get("/fr/admin/estate/residence/", {"crous__id__exact": estate["lyon"].pk})

    assert response.status_code == 200
    assert "Résidence André Allix" in response.content.decode()
    assert "Résidence Ouest" not in response.content.decode()
