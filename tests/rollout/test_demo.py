import io
from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def test_demo_loads_the_deck_tables_once():
    from planetcampus.rollout import demo
    from planetcampus.rollout.models import CountTable, Meeting
    from planetcampus.rollout.summary import build_summary

    demo.load(io.StringIO())
    demo.load(io.StringIO())

    assert CountTable.objects.count() == 3
    assert Meeting.objects.count() == 23
    summary = build_summary(date(2026, 1, 1))
    assert summary.contracts.totals.total == 707
    assert summary.worksites.totals.total == 324


def test_default_comparison_is_march_2020_long_after(client_for):
    from planetcampus.rollout import demo

    demo.load(io.StringIO())

    page = client_for("operator").get("/fr/rollout/").content.decode()

    assert "58 % (412) vs 41 % en mars 2020" in page
