"""A past date's summary equals what was imported as of that date."""

from datetime import date

import pytest

from planetcampus.rollout.compare import comparison_points, headlines, timeline
from planetcampus.rollout.importers import importer_for
from planetcampus.rollout.services import record_change
from planetcampus.rollout.summary import build_summary
from tests.rollout.conftest import COMMITTEE_DAY

pytestmark = pytest.mark.django_db

LATER = date(2020, 11, 2)


def import_text(tmp_path, name, text, as_of):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return importer_for(path, as_of=as_of, year=as_of.year).run()


def snapshot(summary):
    return {
        table.kind: {line.crous.code: dict(line.counts) for line in table.lines}
        for table in summary.count_tables
    }


def test_later_import_leaves_the_committee_day_unchanged(deck, tmp_path):
    before = snapshot(build_summary(COMMITTEE_DAY))

    import_text(tmp_path, "contracts.tsv", "CROUS\tPlanetCampus\tSmartCampus\nLYON\t30\t16\nPARIS\t45\t38\n", LATER)

    assert snapshot(build_summary(COMMITTEE_DAY)) == before
    later = build_summary(LATER).contracts
    assert {line.crous.code: line.counts for line in later.lines} == {
        "lyon": {"planetcampus": 30, "smartcampus": 16},
        "paris": {"planetcampus": 45, "smartcampus": 38},
    }


def test_every_import_date_rebuilds_its_own_table(crous, tmp_path):
    days = [date(2020, 3, 1), date(2020, 6, 1), date(2020, 9, 1)]
    for index, day in enumerate(days, start=1):
        import_text(tmp_path, f"c{index}.tsv", f"CROUS\tPlanetCampus\tSmartCampus\nLYON\t{index}\t{10 - index}\n", day)

    for index, day in enumerate(days, start=1):
        line = build_summary(day).contracts.lines[0]
        assert line.counts == {"planetcampus": index, "smartcampus": 10 - index}
        assert build_summary(day.replace(day=20)).contracts.lines[0].counts == line.counts


def test_residence_history_newer_than_the_table_wins(deck, estate):
    record_change(estate["lyon_a"], "contract", "planetcampus", date(2020, 10, 5))
    record_change(estate["lyon_b"], "contract", "smartcampus", date(2020, 10, 6))

    lyon_then = [line for line in build_summary(COMMITTEE_DAY).contracts.lines if line.crous.code == "lyon"][0]
    lyon_now = [line for line in build_summary(LATER).contracts.lines if line.crous.code == "lyon"][0]

    assert lyon_then.counts == {"planetcampus": 19, "smartcampus": 27}
    assert lyon_now.counts == {"planetcampus": 1, "smartcampus": 1}
    assert lyon_now.source == "residences"
    assert lyon_now.source_on == date(2020, 10, 6)


def test_reimporting_the_same_table_changes_nothing(deck):
    from tests.rollout.conftest import DECK_TABLES

    for path in DECK_TABLES:
        report = importer_for(path, as_of=COMMITTEE_DAY, year=2020).run()
        assert report.created == 0


def test_headlines_compare_with_march_2020(deck):
    summary = build_summary(COMMITTEE_DAY)
    lines = {h.indicator: h for h in headlines(summary, None, date(2020, 3, 31), national=True)}

    contracts = lines["contracts_planetcampus"]
    assert (contracts.now.percent, contracts.now.count) == (58, 412)
    assert (contracts.earlier.percent, contracts.earlier.count) == (41, None)
    assert contracts.earlier_point.precision == "month"
    bandwidth = lines["target_bandwidth_delivered"]
    assert (bandwidth.now.percent, bandwidth.now.count) == (47, 335)
    assert (bandwidth.earlier.percent, bandwidth.earlier.count) == (14, 100)
    worksites = lines["worksites"]
    assert (worksites.now.percent, worksites.now.count) == (46, 324)
    assert worksites.earlier is None


def test_national_figures_never_stand_for_one_crous(deck, estate):
    summary = build_summary(COMMITTEE_DAY, [estate["lyon"]])
    lines = {h.indicator: h for h in headlines(summary, [estate["lyon"]], date(2020, 3, 31), national=False)}

    assert lines["contracts_planetcampus"].now.percent == 41
    assert lines["contracts_planetcampus"].earlier is None


def test_march_2020_is_offered_for_comparison(deck):
    points = comparison_points(COMMITTEE_DAY, national=True)

    assert [point.on for point in points] == [date(2020, 3, 31)]
    assert comparison_points(COMMITTEE_DAY, national=False) == []


def test_timeline_goes_from_march_to_september(deck):
    series = timeline(COMMITTEE_DAY, None, national=True)

    assert [point.on for point, _figures in series] == [date(2020, 3, 31), COMMITTEE_DAY]
    assert [figures["contracts_planetcampus"].percent for _point, figures in series] == [41, 58]
