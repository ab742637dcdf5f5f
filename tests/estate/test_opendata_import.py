from pathlib import Path

import pytest

from planetcampus.core.imports import ImportFailed
from planetcampus.estate.importers.opendata import OpenDataImporter, extract_dwellings
from planetcampus.estate.models import Crous, Residence
from planetcampus.estate.services import seed_crous

OPEN_DATA = Path(__file__).resolve().parents[2] / "src/planetcampus/estate/data/crous-residences-open-data.csv"


@pytest.fixture
def crous(db):
    seed_crous()


def test_open_data_imports_every_row(crous):
    report = OpenDataImporter(OPEN_DATA).run()

    assert report.created == 788
    assert Residence.objects.count() == 788
    assert Residence.objects.filter(crous__code="paris").count() == 83
    assert Residence.objects.filter(crous__code="bfc").count() == 21


def test_open_data_reimport_updates_in_place(crous):
    OpenDataImporter(OPEN_DATA).run()
    Residence.objects.filter(code="od-205").update(name="Renamed by hand")

    report = OpenDataImporter(OPEN_DATA).run()

    assert report.created == 0
    assert report.updated == 1
    assert Residence.objects.get(code="od-205").name == "Résidence Vauban"


def test_open_data_dwellings_read_from_text(crous):
    OpenDataImporter(OPEN_DATA).run()
    vauban = Residence.objects.get(code="od-205")

    assert vauban.dwellings == 94 + 17 + 4
    assert vauban.crous.code == "versailles"
    assert "94 studios" in vauban.dwellings_note


def test_open_data_crous_from_nearest_when_no_domain(crous):
    report = OpenDataImporter(OPEN_DATA).run()

    assert Residence.objects.get(code="od-1251").crous.code == "bordeaux"
    assert any(w.line and "nearest residence" in w.message for w in report.warnings)


def test_open_data_dry_run_changes_nothing(crous):
    report = OpenDataImporter(OPEN_DATA).run(dry_run=True)

    assert report.created == 788
    assert Residence.objects.count() == 0


def test_open_data_bad_row_rejects_whole_file(crous, tmp_path):
    lines = OPEN_DATA.read_text(encoding="utf-8")
    broken = lines.replace("\n205;Résidence Vauban;", "\nabc;Résidence Vauban;", 1)
    path = tmp_path / "broken.csv"
    path.write_text(broken, encoding="utf-8")

    with pytest.raises(ImportFailed) as failure:
        OpenDataImporter(path).run()

    assert Residence.objects.count() == 0
    problem = failure.value.problems[0]
    assert problem.line == 2
    assert problem.column == "id"
    assert problem.value == "abc"
    assert "broken.csv, line 2" in str(problem)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Elle comprend 221 studios et 8 logements en colocation.", 229),
        ("312 logements dont 200 studios et 112 T1", 312),
        ("Résidence de 1 200 chambres", 1200),
        ("509 lits répartis en 454 chambres", 454),
        ("Pas de chiffre ici", None),
    ],
)
def test_extract_dwellings(text, expected):
    assert extract_dwellings(text)[0] == expected


def test_crous_reference_has_market_of_23(crous):
    assert Crous.objects.filter(in_market=True).count() == 23


def test_extract_dwellings_total_not_added_to_breakdown():
    text = "La résidence compte 350 logements : 307 T1, 3 T1 PMR, 32 T2 et 4 T3, du T1 au T3."

    assert extract_dwellings(text)[0] == 350


def test_open_data_city_from_address(crous):
    OpenDataImporter(OPEN_DATA).run()

    assert Residence.objects.get(code="od-205").city == "Guyancourt"
