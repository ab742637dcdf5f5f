"""Count tables and residence lists: all-or-nothing, with file, line, column, value and fix."""

from datetime import date

import pytest

from planetcampus.core.imports import ImportFailed
from planetcampus.rollout.importers import importer_for
from planetcampus.rollout.models import CountTable, Meeting, ResidenceStatusChange
from planetcampus.rollout.summary import build_summary

pytestmark = pytest.mark.django_db

DAY = date(2020, 9, 17)


def run(tmp_path, text, name="table.txt", as_of=DAY, year=None, dry_run=False):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return importer_for(path, as_of=as_of, year=year).run(dry_run=dry_run)


def problems_of(tmp_path, text, **options):
    with pytest.raises(ImportFailed) as failure:
        run(tmp_path, text, **options)
    return failure.value.problems


def test_crous_spelling_variants_are_resolved(crous, tmp_path):
    text = ("CROUS\tPlanetCampus\tSmartCampus\nAIX-MARSEILLE\t1\t2\nAIX MARSEILLE AVIGNON\t0\t0\n"
            "BOURGOGNE FRANCHE COMTE\t3\t\nORLEANS TOURS\t4\t\n")
    problems = problems_of(tmp_path, text)

    assert len(problems) == 1
    assert problems[0].line == 3
    assert "already on line 2" in problems[0].message


def test_bfc_and_blank_cells_mean_zero(crous, tmp_path):
    run(tmp_path, "\tLivré\tEn commande\tEn cours d'étude\nBFC\t12\t\t2\nLORRAINE\t0\t\t1\nGLOBAL\t12\t0\t3\n")

    lines = {line.crous.code: line.counts for line in build_summary(DAY).target_bandwidth.lines}
    assert lines == {"bfc": {"delivered": 12, "in_study": 2}, "lorraine": {"in_study": 1}}


def test_totals_row_mismatch_is_located(crous, tmp_path):
    text = "CROUS\tPlanetCampus\tSmartCampus\tTotal général\t%PC\nLYON\t19\t27\t46\t41%\nPARIS\t30\t53\t83\t36%\nTotal général\t49\t81\t130\t38%\n"
    problems = problems_of(tmp_path, text, name="deck.tsv")

    assert [(p.file, p.line, p.column, p.value) for p in problems] == [
        ("deck.tsv", 4, "SmartCampus", "81"), ("deck.tsv", 4, "Total général", "130"),
    ]
    assert "(129)" in str(problems[1])
    assert CountTable.objects.count() == 0


def test_percentage_is_checked_with_half_up_rounding(crous, tmp_path):
    run(tmp_path, "CROUS\tPlanetCampus\tSmartCampus\t%PC\nAIX-MARSEILLE\t4\t28\t13%\nLIMOGES\t3\t5\t38%\n")

    problems = problems_of(tmp_path, "CROUS\tPlanetCampus\tSmartCampus\t%PC\nAIX-MARSEILLE\t4\t28\t12%\n")
    assert problems[0].column == "%PC"
    assert "13%" in problems[0].message


def test_row_total_must_equal_its_columns(crous, tmp_path):
    text = ("CROUS\tNombre de résidences en chantier\tStatut\t\t\t\n\t\t#0 Plans en attente\t#1 Audit en cours\t"
            "#2 Chantier en cours\t#3 Chantier livré\nLYON\t8\t1\t6\t\t\n")
    problems = problems_of(tmp_path, text)

    assert (problems[0].line, problems[0].column, problems[0].value) == (3, "Nombre de résidences en chantier", "8")


def test_unknown_crous_and_bad_count_are_all_reported(crous, tmp_path):
    text = "CROUS\tPlanetCampus\tSmartCampus\nATLANTIS\t1\t2\nLYON\tdix\t2\nPARIS\t-3\t1\n"
    problems = problems_of(tmp_path, text)

    assert [(p.line, p.value) for p in problems] == [(2, "ATLANTIS"), (3, "dix"), (4, "-3")]
    assert "CROUS list" in problems[0].message
    assert "whole number" in problems[1].message


def test_dates_without_year_take_the_given_year(crous, tmp_path):
    run(tmp_path, "CROUS\tPlanification\nLYON\t15/02\nNORMANDIE\t01/09/2021\n", as_of=date(2021, 12, 1), year=2020)

    kickoffs = {m.crous.code: m.meeting_on for m in Meeting.objects.select_related("crous")}
    assert kickoffs == {"lyon": date(2020, 2, 15), "normandie": date(2021, 9, 1)}


def test_planned_kickoff_is_not_held_yet(crous, tmp_path):
    run(tmp_path, "CROUS\tPlanification\nNORMANDIE\t01/09\n", as_of=date(2020, 6, 1))

    june = build_summary(date(2020, 6, 1)).kickoffs
    assert [line.kickoff_on for line in june.lines if line.crous.code == "normandie"] == [date(2020, 9, 1)]
    assert june.held_count == 0
    assert build_summary(date(2020, 9, 1)).kickoffs.held_count == 1


def test_steering_committees_accumulate(crous, tmp_path):
    run(tmp_path, "CROUS\tCopil\nLYON\t01/10/2020 15/12/2020\n", as_of=date(2020, 9, 17))
    run(tmp_path, "CROUS\tComité de pilotage\nLYON\t15/12/2020\t02/03/2021\n", as_of=date(2020, 10, 5))

    lyon = [line for line in build_summary(date(2020, 10, 5)).kickoffs.lines if line.crous.code == "lyon"][0]
    assert lyon.steering == [date(2020, 10, 1), date(2020, 12, 15), date(2021, 3, 2)]


def test_slide_text_aligned_with_spaces_places_blank_cells(crous, tmp_path):
    text = (
        "CROUS          Livré    En commande    En cours d'étude\n"
        "LORRAINE           0                                  1\n"
        "NICE               9                                  7\n"
        "LYON              26             16                   4\n"
    )
    run(tmp_path, text)

    lines = {line.crous.code: line.cells(["delivered", "ordered", "in_study"]) for line in build_summary(DAY).target_bandwidth.lines}
    assert lines == {"lorraine": [0, 0, 1], "nice": [9, 0, 7], "lyon": [26, 16, 4]}


def test_whole_deck_text_imports_its_four_tables(crous):
    from pathlib import Path

    deck_text = Path("/work/shared/seed/000_d16e074accf2a498.txt")
    if not deck_text.exists():
        pytest.skip("the steering committee's full text is not on this machine")
    result = importer_for(deck_text, as_of=DAY, year=2020).run()

    assert sorted(result.tables) == ["contracts", "kickoff", "target_bandwidth", "worksites"]
    assert build_summary(DAY).contracts.totals.total == 707


def test_file_without_any_table_is_rejected(crous, tmp_path):
    problems = problems_of(tmp_path, "Ordre du jour\n\n- Avancement du marché\n")

    assert "no rollout table found" in problems[0].message


def test_dry_run_stores_nothing(crous, tmp_path):
    report = run(tmp_path, "CROUS\tPlanetCampus\tSmartCampus\nLYON\t1\t2\n", dry_run=True)

    assert report.dry_run
    assert report.created == 1
    assert CountTable.objects.count() == 0


def test_one_bad_table_rolls_back_the_good_ones(crous, tmp_path):
    text = "CROUS\tPlanetCampus\tSmartCampus\nLYON\t1\t2\n\nCROUS\tPlanification\nLYON\t31/02\n"
    problems = problems_of(tmp_path, text, year=2020)

    assert (problems[0].line, problems[0].value) == (5, "31/02")
    assert CountTable.objects.count() == 0


def test_national_figures_keep_the_month(crous):
    from tests.rollout.conftest import MARCH_FIGURES
    from planetcampus.rollout.models import GlobalFigure

    importer_for(MARCH_FIGURES, as_of=DAY).run()

    figures = {f.indicator: (f.as_of, f.precision, f.percent, f.count) for f in GlobalFigure.objects.all()}
    assert figures == {
        "contracts_planetcampus": (date(2020, 3, 31), "month", 41, None),
        "target_bandwidth_delivered": (date(2020, 3, 31), "month", 14, 100),
    }


RESIDENCES_CSV = (
    "Code;CROUS;Résidence;Contrat;Date de réception;Débit cible;Date débit cible;Chantier;Date chantier\n"
    "lyon-a;;;PlanetCampus;02/03/2020;Livré;15/06/2020;#3 Chantier livré;20/07/2020\n"
    ";Lyon;Résidence Benjamin Delessert;SmartCampus;;En commande;;2;\n"
)


def test_residence_list_records_dated_statuses(estate, tmp_path):
    report = run(tmp_path, RESIDENCES_CSV, name="residences.csv")

    assert report.created == 6
    lyon_b = {c.topic: (c.status, c.effective_on) for c in ResidenceStatusChange.objects.filter(residence=estate["lyon_b"])}
    assert lyon_b == {
        "contract": ("smartcampus", DAY), "target_bandwidth": ("ordered", DAY), "worksite": ("works", DAY),
    }
    lyon = [line for line in build_summary(DAY).contracts.lines if line.crous.code == "lyon"][0]
    assert (lyon.counts, lyon.source) == ({"planetcampus": 1, "smartcampus": 1}, "residences")


def test_residence_list_reimport_changes_nothing(estate, tmp_path):
    run(tmp_path, RESIDENCES_CSV, name="residences.csv")
    report = run(tmp_path, RESIDENCES_CSV, name="residences.csv")

    assert (report.created, report.unchanged) == (0, 6)


def test_residence_list_problems_name_the_fix(estate, tmp_path):
    text = ("Code;Contrat;Débit cible;Chantier;Date chantier\nnope;PlanetCampus;;;\n"
            "lyon-a;Bientôt;Livré;#7;\nlyon-b;;;1;01/10/2020\n")
    problems = problems_of(tmp_path, text, name="residences.csv")

    assert [(p.line, p.column, p.value) for p in problems] == [
        (2, "Code", "nope"), (3, "Contrat", "Bientôt"), (3, "Chantier", "#7"), (4, "Date chantier", "01/10/2020"),
    ]
    assert "PlanetCampus, SmartCampus" in problems[1].message
    assert ResidenceStatusChange.objects.count() == 0
