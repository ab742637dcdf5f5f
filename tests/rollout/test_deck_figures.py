"""Importing the deck's four tables reproduces every figure on its slides."""

from datetime import date

import pytest

from planetcampus.rollout.summary import build_summary
from tests.rollout.conftest import COMMITTEE_DAY

pytestmark = pytest.mark.django_db

CONTRACTS = {  # CROUS code: (PlanetCampus, SmartCampus, total, %PC) as on the slide
    "aix-marseille": (4, 28, 32, 13), "amiens": (8, 6, 14, 57), "bordeaux": (53, 14, 67, 79),
    "bfc": (1, 38, 39, 3), "clermont": (15, 5, 20, 75), "creteil": (27, 0, 27, 100),
    "grenoble": (31, 6, 37, 84), "lille": (42, 0, 42, 100), "limoges": (3, 5, 8, 38),
    "lorraine": (1, 0, 1, 100), "lyon": (19, 27, 46, 41), "montpellier": (41, 0, 41, 100),
    "nantes": (8, 32, 40, 20), "nice": (7, 9, 16, 44), "normandie": (0, 41, 41, 0),
    "orleans-tours": (36, 1, 37, 97), "paris": (30, 53, 83, 36), "poitiers": (5, 0, 5, 100),
    "reims": (12, 4, 16, 75), "rennes": (28, 0, 28, 100), "strasbourg": (14, 0, 14, 100),
    "toulouse": (17, 0, 17, 100), "versailles": (10, 26, 36, 28),
}
BANDWIDTH = {  # delivered, ordered, in study
    "aix-marseille": (14, 13, 5), "amiens": (7, 7, 0), "bordeaux": (19, 48, 0), "bfc": (12, 25, 2),
    "clermont": (2, 15, 3), "creteil": (20, 7, 0), "grenoble": (25, 7, 5), "lille": (24, 18, 0),
    "limoges": (5, 3, 0), "lorraine": (0, 0, 1), "lyon": (26, 16, 4), "montpellier": (13, 28, 0),
    "nantes": (17, 11, 12), "nice": (9, 0, 7), "normandie": (15, 15, 11), "orleans-tours": (10, 25, 2),
    "paris": (49, 24, 10), "poitiers": (3, 2, 0), "reims": (13, 3, 0), "rennes": (11, 15, 2),
    "strasbourg": (7, 3, 4), "toulouse": (13, 4, 0), "versailles": (21, 11, 4),
}
WORKSITES = {  # total, #0, #1, #2, #3
    "aix-marseille": (1, 0, 1, 0, 0), "amiens": (4, 0, 4, 0, 0), "bordeaux": (38, 1, 32, 5, 0),
    "bfc": (1, 0, 1, 0, 0), "clermont": (13, 0, 11, 2, 0), "creteil": (24, 4, 20, 0, 0),
    "grenoble": (29, 9, 15, 4, 1), "lille": (35, 14, 20, 1, 0), "limoges": (3, 0, 3, 0, 0),
    "lyon": (7, 1, 6, 0, 0), "montpellier": (37, 19, 15, 3, 0), "nice": (3, 0, 3, 0, 0),
    "orleans-tours": (38, 8, 19, 7, 4), "paris": (23, 5, 18, 0, 0), "poitiers": (2, 0, 2, 0, 0),
    "reims": (12, 0, 11, 1, 0), "rennes": (27, 10, 15, 2, 0), "strasbourg": (13, 0, 6, 7, 0),
    "toulouse": (4, 1, 1, 2, 0), "versailles": (10, 5, 5, 0, 0),
}
KICKOFFS = {
    "aix-marseille": "22/01", "amiens": "18/03", "bordeaux": "15/01", "bfc": "18/03", "clermont": "17/01",
    "creteil": "24/01", "grenoble": "16/01", "lille": "21/01", "limoges": "17/02", "lyon": "15/02",
    "montpellier": "16/01", "lorraine": "20/03", "nantes": "18/03", "nice": "25/03", "normandie": "01/09",
    "orleans-tours": "13/01", "paris": "23/01", "poitiers": "09/01", "reims": "23/01", "rennes": "22/01",
    "strasbourg": "31/01", "toulouse": "26/02", "versailles": "23/01",
}


def test_contracts_slide_every_crous(deck):
    table = build_summary(COMMITTEE_DAY).contracts
    shown = {line.crous.code: (*line.cells(table.columns), line.total, line.percent) for line in table.lines}

    assert shown == CONTRACTS


def test_contracts_slide_totals(deck):
    table = build_summary(COMMITTEE_DAY).contracts

    assert table.column_total("planetcampus") == 412
    assert table.column_total("smartcampus") == 295
    assert table.totals.total == 707
    assert table.totals.percent == 58


def test_target_bandwidth_slide_every_crous(deck):
    table = build_summary(COMMITTEE_DAY).target_bandwidth
    shown = {line.crous.code: tuple(line.cells(table.columns)) for line in table.lines}

    assert shown == BANDWIDTH


def test_target_bandwidth_slide_totals(deck):
    table = build_summary(COMMITTEE_DAY).target_bandwidth

    assert table.column_total("delivered") == 335
    assert table.column_total("ordered") == 300
    assert table.column_total("in_study") == 72
    assert table.totals.percent == 47


def test_worksites_slide_every_crous(deck):
    table = build_summary(COMMITTEE_DAY).worksites
    shown = {line.crous.code: (line.total, *line.cells(table.columns)) for line in table.lines}

    assert shown == WORKSITES


def test_worksites_slide_totals(deck):
    table = build_summary(COMMITTEE_DAY).worksites

    assert table.totals.total == 324
    assert table.totals.cells(table.columns) == [77, 208, 34, 5]


def test_kickoff_slide_every_crous(deck):
    kickoffs = build_summary(COMMITTEE_DAY).kickoffs
    shown = {line.crous.code: line.kickoff_on.strftime("%d/%m") for line in kickoffs.lines}

    assert shown == KICKOFFS
    assert all(line.kickoff_on.year == 2020 for line in kickoffs.lines)
    assert kickoffs.held_count == 23
    assert kickoffs.percent == 100


def test_kickoffs_before_normandie_met(deck):
    kickoffs = build_summary(date(2020, 8, 31)).kickoffs

    assert kickoffs.held_count == 22
    assert kickoffs.percent == 96


def test_slides_row_order_is_kept(deck):
    table = build_summary(COMMITTEE_DAY).contracts

    assert [line.crous.code for line in table.lines][:6] == ["aix-marseille", "amiens", "bordeaux", "bfc", "clermont", "creteil"]


def test_day_before_the_import_has_no_counts(deck):
    summary = build_summary(date(2020, 9, 16))

    assert summary.contracts.lines == []
    assert not summary.contracts.has_data
