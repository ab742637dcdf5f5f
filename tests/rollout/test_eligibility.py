from datetime import date

import pytest

from planetcampus.rollout.eligibility import criteria_for
from planetcampus.rollout.services import record_change

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def make_compatible(residence):
    record_change(residence, "contract", "planetcampus", date(2020, 3, 2))
    record_change(residence, "target_bandwidth", "ordered", date(2020, 4, 1))
    record_change(residence, "target_bandwidth", "delivered", date(2020, 6, 15))
    record_change(residence, "worksite", "audit", date(2020, 5, 1))
    record_change(residence, "worksite", "delivered", date(2020, 7, 20))


def test_residence_without_history_is_blocked_on_all_three(estate):
    criteria = criteria_for([estate["lyon_a"]], as_of=date(2020, 9, 17))[estate["lyon_a"].pk]

    assert not criteria.compatible
    assert criteria.compatible_since is None
    assert criteria.blocking == [
        "PlanetCampus contract not received",
        "Target bandwidth status unknown",
        "Infrastructure upgrade status unknown",
    ]


def test_compatible_since_last_criterion_day(estate):
    make_compatible(estate["lyon_a"])

    criteria = criteria_for([estate["lyon_a"]], as_of=date(2020, 9, 17))[estate["lyon_a"].pk]

    assert criteria.contract_received
    assert criteria.target_bandwidth_ok
    assert criteria.infrastructure_ok
    assert criteria.compatible
    assert criteria.compatible_since == date(2020, 7, 20)
    assert criteria.blocking == []


def test_past_date_sees_the_state_of_that_day(estate):
    make_compatible(estate["lyon_a"])

    criteria = criteria_for([estate["lyon_a"].pk], as_of=date(2020, 7, 1))[estate["lyon_a"].pk]

    assert criteria.contract_received
    assert criteria.target_bandwidth_ok
    assert not criteria.infrastructure_ok
    assert criteria.blocking == ["Infrastructure upgrade not finished"]


def test_not_needed_counts_as_done(estate):
    residence = estate["lyon_b"]
    record_change(residence, "contract", "planetcampus", date(2020, 2, 1))
    record_change(residence, "target_bandwidth", "not_needed", date(2020, 2, 1))
    record_change(residence, "worksite", "not_needed", date(2020, 2, 3))

    criteria = criteria_for([residence], as_of=date(2020, 3, 1))[residence.pk]

    assert criteria.compatible
    assert criteria.compatible_since == date(2020, 2, 3)


def test_compatibility_lost_then_regained_restarts_since(estate):
    residence = estate["lyon_a"]
    make_compatible(residence)
    record_change(residence, "target_bandwidth", "ordered", date(2020, 8, 1))
    record_change(residence, "target_bandwidth", "delivered", date(2020, 8, 20))

    criteria = criteria_for([residence], as_of=date(2020, 9, 17))[residence.pk]

    assert criteria.compatible_since == date(2020, 8, 20)


def test_smartcampus_contract_blocks(estate):
    residence = estate["lyon_b"]
    record_change(residence, "contract", "smartcampus", date(2020, 2, 1))
    record_change(residence, "target_bandwidth", "delivered", date(2020, 2, 1))
    record_change(residence, "worksite", "delivered", date(2020, 2, 1))

    criteria = criteria_for([residence], as_of=date(2020, 3, 1))[residence.pk]

    assert not criteria.compatible
    assert criteria.blocking == ["PlanetCampus contract not received"]


def test_queryset_input_returns_every_residence(estate):
    from planetcampus.estate.models import Residence

    result = criteria_for(Residence.objects.filter(crous=estate["lyon"]), as_of=date(2020, 3, 1))

    assert set(result) == {estate["lyon_a"].pk, estate["lyon_b"].pk}


def test_criteria_take_a_fixed_number_of_queries(estate, django_assert_max_num_queries):
    make_compatible(estate["lyon_a"])
    make_compatible(estate["grenoble_a"])

    with django_assert_max_num_queries(2):
        criteria_for([estate["lyon_a"].pk, estate["grenoble_a"].pk], as_of=date(2020, 9, 17))


def test_repeated_status_on_same_day_is_not_stored_twice(estate):
    first = record_change(estate["lyon_a"], "contract", "planetcampus", date(2020, 3, 2))
    second = record_change(estate["lyon_a"], "contract", "planetcampus", date(2020, 3, 2))

    assert first is not None
    assert second is None


def test_blocking_labels_follow_the_active_language(estate):
    from django.utils import translation

    with translation.override("fr"):
        criteria = criteria_for([estate["lyon_a"]], as_of=date(2020, 9, 17))[estate["lyon_a"].pk]

    assert criteria.blocking[0] == "Contrat PlanetCampus non reçu"
