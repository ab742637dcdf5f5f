from datetime import date

import time_machine
from django.utils import translation

from planetcampus.center.views.residence import kpi_rows
from planetcampus.rollout.services import record_change
from planetcampus.switchover.planning import planned_date

TODAY = "2026-12-04 12:00:00+01:00"


@time_machine.travel(TODAY, tick=False)
def test_page_shows_offer_criteria_and_planned_date(client_for, estate):
    residence = estate["lyon_a"]
    record_change(residence, "contract", "planetcampus", date(2026, 10, 1))
    record_change(residence, "target_bandwidth", "delivered", date(2026, 11, 5))
    record_change(residence, "worksite", "not_needed", date(2026, 10, 1))
    residence.eduroam_enabled = True
    residence.save()

    page = client_for("manager").get("/fr/center/residences/lyon-a/").content.decode()

    assert "PlanetCampus" in page
    assert "Contrat reçu" in page
    assert "Débit cible livré (ou non nécessaire)" in page
    assert page.count('<span class="ok">oui</span>') == 3
    assert "Prête à basculer depuis le 5 novembre 2026." in page
    planned = planned_date(residence)
    if planned is None:
        assert "non planifiée" in page
    else:
        assert f"{planned.day} " in page
        assert str(planned.year) in page
    assert "eduroam" in page
    assert '<span class="ok">actif</span>' in page


@time_machine.travel(TODAY, tick=False)
def test_page_names_the_blocking_criterion(client_for, estate):
    record_change(estate["lyon_a"], "contract", "planetcampus", date(2026, 10, 1))
    record_change(estate["lyon_a"], "target_bandwidth", "ordered", date(2026, 10, 1))
    record_change(estate["lyon_a"], "worksite", "works", date(2026, 10, 1))

    page = client_for("manager").get("/fr/center/residences/lyon-a/").content.decode()

    assert page.count('<span class="bad">non</span>') == 2
    assert "Bloquant :" in page


def test_page_without_indicators_says_so(client_for, estate):
    page = client_for("manager").get("/fr/center/residences/lyon-a/").content.decode()

    assert "Pas encore d’indicateurs pour le mois dernier." in page


def test_indicators_are_labelled_in_the_deck_order():
    rows = kpi_rows({"availability_all_pct": 99.2, "latency_max_ms": 41, "availability_operator_pct": 99.9,
                     "throughput_min_mbps": None, "incidents_out_of_gtr": 0})

    with translation.override("en"):
        shown = [(str(label), value, unit) for label, value, unit in rows]

    assert shown == [
        ("Availability, operator's responsibility", 99.9, "%"),
        ("Availability, all causes", 99.2, "%"),
        ("Maximum latency", 41, "ms"),
        ("Incidents restored after the guaranteed time", 0, ""),
    ]
