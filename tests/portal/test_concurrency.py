"""One code, one account, even when two browsers submit at the same moment."""

import threading

import pytest
from django.db import connection

from planetcampus.access.models import ConnectionCode
from planetcampus.accounts.models import User
from planetcampus.portal.services import CodeRejected, NewAccount, create_account_with_code
from planetcampus.portal.visits import open_visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_code_redeemed_once_under_race(codes):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database fails a waiting writer with 'table is locked'; run on PostgreSQL.")
    code = codes["visitor"]
    visits = [open_visit(), open_visit()]
    for visit in visits:
        visit.code = code
        visit.save()
    start = threading.Barrier(2)
    outcomes = []

    def redeem(index):
        start.wait()
        try:
            account = NewAccount(first_name="Linh", last_name="Nguyen", email=f"racer{index}@etu.test",
                                 password="Velo-Rouge-Lyon-2026", language="fr")
            outcomes.append(create_account_with_code(visits[index], account))
        except CodeRejected as rejection:
            outcomes.append(rejection.reason)
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(str(type(outcome).__name__) for outcome in outcomes) == ["User", "str"]
    assert "used" in outcomes
    assert User.objects.filter(email__startswith="racer").count() == 1
    assert ConnectionCode.objects.get(pk=code.pk).redeemed_by is not None
