"""The center's lists cost the same number of queries for 3 rows as for 40."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from planetcampus.access.models import Resident
from planetcampus.accounts.models import User
from planetcampus.center.services.residents import ensure_resident_code
from planetcampus.center.services.visitor_codes import VisitorTerms, create_visitor_codes
from planetcampus.core.clock import now

BUDGET = 16


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_residents(residence, count, start):
    for index in range(start, start + count):
        account = User.objects.create(email=f"r{index}@etu.test", kind=User.Kind.RESIDENT)
        resident = Resident.objects.create(residence=residence, last_name=f"NOM{index}", first_name="A", user=account)
        ensure_resident_code(resident)


def test_resident_list_queries_constant(client_for, estate):
    client = client_for("manager")
    url = "/fr/center/residences/lyon-a/residents/"
    add_residents(estate["lyon_a"], 3, 0)
    few = queries(client, url)
    add_residents(estate["lyon_a"], 37, 3)

    assert queries(client, url) == few
    assert few <= BUDGET


def test_code_list_queries_constant(client_for, personas, estate):
    client = client_for("manager")
    url = "/fr/center/residences/lyon-a/visitor-codes/"
    terms = VisitorTerms(now(), now() + timedelta(days=1), 1, 3600)
    create_visitor_codes(personas["manager"], estate["lyon_a"], terms, count=3)
    few = queries(client, url)
    create_visitor_codes(personas["manager"], estate["lyon_a"], terms, count=37)

    assert queries(client, url) == few
    assert few <= BUDGET


def test_home_queries_constant(client_for, estate):
    client = client_for("operator")
    few = queries(client, "/fr/center/")
    for index in range(20):
        estate["lyon_a"].pk = None
        estate["lyon_a"].code = f"extra-{index}"
        estate["lyon_a"].save()

    assert queries(client, "/fr/center/") == few
    assert few <= BUDGET
