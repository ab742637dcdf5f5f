import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.rollout.conftest import DECK_TABLES, MARCH_FIGURES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_import_messages():
    """Compare import messages in English; `summary` picks its own language."""
    with translation.override("en"):
        yield


def rollout(*args):
    out = io.StringIO()
    call_command("rollout", *args, stdout=out)
    return out.getvalue()


def import_deck():
    return rollout("import", *map(str, DECK_TABLES + [MARCH_FIGURES]), "--as-of", "2020-09-17", "--year", "2020")


def test_import_then_summary_prints_the_deck_totals(db):
    output = import_deck()
    assert "2020-09-17-contracts.tsv: imported 1 new" in output

    summary = rollout("summary", "--as-of", "17/09/2020")

    totals = [line.split() for line in summary.splitlines() if line.startswith("Total général")]
    assert totals == [
        ["Total", "général", "23", "sur", "23", "réalisées", "(100%)"],
        ["Total", "général", "412", "295", "707", "58%"],
        ["Total", "général", "335", "300", "72", "47%"],
        ["Total", "général", "324", "77", "208", "34", "5"],
    ]
    assert "58 % (412) vs 41 % en mars 2020" in summary


def test_summary_before_any_import_is_empty(db):
    import_deck()

    summary = rollout("summary", "--as-of", "2020-09-16", "--language", "en")

    contracts = summary.split("Contracts received")[1].split("Sites at target bandwidth")[0]
    assert contracts.strip().splitlines() == ["CROUS  PlanetCampus  SmartCampus  Total  %PC"]


def test_summary_csv_and_xlsx_outputs(db, tmp_path):
    from openpyxl import load_workbook

    import_deck()
    csv_text = rollout("summary", "--as-of", "2020-09-17", "--format", "csv")
    assert "Total général;412;295;707;58%" in csv_text

    target = tmp_path / "rollout.xlsx"
    rollout("summary", "--as-of", "2020-09-17", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target)["Résidences en chantier"]
    assert list(sheet.iter_rows(values_only=True))[-3][:6] == ("Total général", 324, 77, 208, 34, 5)


def test_xlsx_needs_an_output_file(db):
    with pytest.raises(CommandError, match="--output"):
        rollout("summary", "--format", "xlsx")


def test_import_dry_run_changes_nothing(db):
    from planetcampus.rollout.models import CountTable

    output = rollout("import", str(DECK_TABLES[1]), "--as-of", "2020-09-17", "--dry-run")

    assert "would import 1 new" in output
    assert CountTable.objects.count() == 0


def test_import_problem_names_the_fix(db, tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("CROUS\tPlanetCampus\tSmartCampus\nGONDOR\t1\t2\n", encoding="utf-8")

    with pytest.raises(CommandError) as failure:
        rollout("import", str(path), "--as-of", "2020-09-17")

    assert 'bad.tsv, line 2, column “CROUS” (value “GONDOR”)' in str(failure.value)
    assert "nothing was changed" in str(failure.value)


def test_missing_file_is_reported_before_importing(db, tmp_path):
    with pytest.raises(CommandError, match="not found"):
        rollout("import", str(DECK_TABLES[1]), str(tmp_path / "absent.tsv"))


def test_import_header_only_table_rejected(tmp_path):
    path = tmp_path / "header.tsv"
    path.write_text("CROUS\tPlanetCampus\tSmartCampus\tTotal général\t%PC\n", encoding="utf-8")

    with pytest.raises(CommandError) as failure:
        call_command("rollout", "import", str(path), "--as-of", "2020-09-20")

    assert "no CROUS line" in str(failure.value)


def test_import_several_files_all_or_nothing(tmp_path):
    good = tmp_path / "good.tsv"
    good.write_text("CROUS\tPlanetCampus\tSmartCampus\nLYON\t19\t27\n", encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text("CROUS\tPlanetCampus\tSmartCampus\nATLANTIDE\t1\t2\n", encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("rollout", "import", str(good), str(bad), "--as-of", "2020-09-20")

    from planetcampus.rollout.models import CountTable

    assert not CountTable.objects.exists()
