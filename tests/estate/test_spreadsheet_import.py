from decimal import Decimal

import pytest
from openpyxl import Workbook

from planetcampus.core.imports import ImportFailed
from planetcampus.estate.importers.spreadsheet import ResidenceSpreadsheetImporter
from planetcampus.estate.models import Residence
from planetcampus.estate.services import seed_crous

HEADER = "Code;Nom de la résidence;CROUS;Offre;Nombre de logements;Logements fibrés;Collecte;Débit collecte (Mb/s);Débit cible (Mb/s);Date d'ouverture\n"
GOOD_ROWS = (
    "bfc-canot;Canot;BFC;SmartCampus;150;150;Fibre;1 000;125,5;01/09/2015\n"
    "bfc-braudel;Braudel;BOURGOGNE FRANCHE COMTE;SmartCampus;80;0;ADSL;20;12,5;15/09/2010\n"
    "aix-gaston;Gaston Berger;AIX MARSEILLE;PlanetCampus;300;;fibre;;;\n"
)


@pytest.fixture
def crous(db):
    seed_crous()


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_spreadsheet_semicolon_utf8(crous, tmp_path):
    report = ResidenceSpreadsheetImporter(write(tmp_path, "parc.csv", HEADER + GOOD_ROWS)).run()

    assert report.created == 3
    canot = Residence.objects.get(code="bfc-canot")
    assert canot.crous.code == "bfc"
    assert canot.backhaul_mbps == Decimal("1000")
    assert canot.target_bandwidth_mbps == Decimal("125.5")
    assert canot.opened_on.isoformat() == "2015-09-01"
    assert Residence.objects.get(code="aix-gaston").crous.code == "aix-marseille"


def test_spreadsheet_bom_and_windows_1252(crous, tmp_path):
    utf8_bom = write(tmp_path, "bom.csv", "\ufeff" + HEADER + GOOD_ROWS)
    cp1252 = write(tmp_path, "cp1252.csv", HEADER + GOOD_ROWS, encoding="cp1252")

    ResidenceSpreadsheetImporter(utf8_bom).run()
    report = ResidenceSpreadsheetImporter(cp1252).run()

    assert report.unchanged == 3
    assert Residence.objects.count() == 3


def test_spreadsheet_comma_separated(crous, tmp_path):
    text = 'Code,Nom,CROUS,Nombre de logements,Débit cible (Mb/s)\nlyon-x,"Résidence X, bâtiment A",Lyon,12,"12,5"\n'

    ResidenceSpreadsheetImporter(write(tmp_path, "virgule.csv", text)).run()

    residence = Residence.objects.get(code="lyon-x")
    assert residence.name == "Résidence X, bâtiment A"
    assert residence.target_bandwidth_mbps == Decimal("12.5")


def test_spreadsheet_xlsx(crous, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code", "Nom", "CROUS", "Nombre de logements", "Collecte"])
    sheet.append(["nice-a", "Les Collinettes", "NICE", 420, "ADSL"])
    path = tmp_path / "parc.xlsx"
    workbook.save(path)

    ResidenceSpreadsheetImporter(path).run()

    residence = Residence.objects.get(code="nice-a")
    assert residence.dwellings == 420
    assert residence.backhaul == "adsl"


def test_spreadsheet_reimport_updates_in_place(crous, tmp_path):
    ResidenceSpreadsheetImporter(write(tmp_path, "v1.csv", HEADER + GOOD_ROWS)).run()
    changed = GOOD_ROWS.replace("bfc-canot;Canot;BFC;SmartCampus;150", "bfc-canot;Canot;BFC;PlanetCampus;160")

    report = ResidenceSpreadsheetImporter(write(tmp_path, "v2.csv", HEADER + changed)).run()

    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    canot = Residence.objects.get(code="bfc-canot")
    assert canot.offer == "planetcampus"
    assert canot.dwellings == 160


def test_spreadsheet_one_bad_row_changes_nothing(crous, tmp_path):
    ResidenceSpreadsheetImporter(write(tmp_path, "v1.csv", HEADER + GOOD_ROWS)).run()
    bad = GOOD_ROWS.replace("bfc-braudel;Braudel;BOURGOGNE FRANCHE COMTE;SmartCampus;80", "bfc-braudel;Braudel;BOURGOGNE FRANCHE COMTE;SmartCampus;quatre-vingts")
    bad = bad.replace("Canot;BFC;SmartCampus;150", "Canot;BFC;PlanetCampus;150")

    with pytest.raises(ImportFailed) as failure:
        ResidenceSpreadsheetImporter(write(tmp_path, "v2.csv", HEADER + bad)).run()

    assert Residence.objects.get(code="bfc-canot").offer == "smartcampus"
    [problem] = failure.value.problems
    assert problem.line == 3
    assert problem.column == "Nombre de logements"
    assert problem.value == "quatre-vingts"
    assert "whole number" in problem.message


def test_spreadsheet_reports_every_problem(crous, tmp_path):
    rows = "x1;A;ATLANTIDE;;;;;;;\nx2;B;Lyon;Offre inconnue;;;;;;31/02/2020\n"

    with pytest.raises(ImportFailed) as failure:
        ResidenceSpreadsheetImporter(write(tmp_path, "bad.csv", HEADER + rows)).run()

    messages = [(p.line, p.column) for p in failure.value.problems]
    assert (2, "CROUS") in messages
    assert (3, "Offre") in messages
    assert (3, "Date d'ouverture") in messages
    assert Residence.objects.count() == 0


def test_spreadsheet_missing_columns_named(crous, tmp_path):
    with pytest.raises(ImportFailed) as failure:
        ResidenceSpreadsheetImporter(write(tmp_path, "cols.csv", "Code;Ville\nx;Lyon\n")).run()

    assert "CROUS" in failure.value.problems[0].message or "crous" in failure.value.problems[0].message


def test_spreadsheet_dry_run_changes_nothing(crous, tmp_path):
    report = ResidenceSpreadsheetImporter(write(tmp_path, "v1.csv", HEADER + GOOD_ROWS)).run(dry_run=True)

    assert report.created == 3
    assert report.dry_run
    assert Residence.objects.count() == 0


def test_spreadsheet_quoted_multiline_cells(crous, tmp_path):
    text = 'Code;Nom;CROUS;Adresse\nlyon-m;"Résidence\nMulti";Lyon;"1 rue A\n69007 Lyon"\nlyon-n;N;Lyon;2 rue B\n'

    ResidenceSpreadsheetImporter(write(tmp_path, "multi.csv", text)).run()

    assert Residence.objects.get(code="lyon-m").name == "Résidence Multi"
    bad = text.replace("lyon-n;N;Lyon", "lyon-n;N;Nowhere")
    with pytest.raises(ImportFailed) as failure:
        ResidenceSpreadsheetImporter(write(tmp_path, "multi2.csv", bad)).run()
    assert failure.value.problems[0].line == 5


@pytest.mark.parametrize(
    ("column_value", "column", "message"),
    [
        ("99999999999", "Débit collecte (Mb/s)", "too large"),
        ("12,345", "Débit collecte (Mb/s)", "decimals"),
        ("NaN", "Débit collecte (Mb/s)", "invalid number"),
        ("Infinity", "Débit collecte (Mb/s)", "invalid number"),
        ("1e3", "Nombre de logements", "invalid number"),
        ("99999999999999999999999", "Nombre de logements", "too large"),
    ],
)
def test_spreadsheet_rejects_out_of_range_numbers(crous, tmp_path, column_value, column, message):
    header = "Code;Nom;CROUS;Nombre de logements;Débit collecte (Mb/s)\n"
    values = {"Nombre de logements": "10", "Débit collecte (Mb/s)": "100"}
    values[column] = column_value
    row = f"bfc-x;X;BFC;{values['Nombre de logements']};{values['Débit collecte (Mb/s)']}\n"

    with pytest.raises(ImportFailed) as failure:
        ResidenceSpreadsheetImporter(write(tmp_path, "big.csv", header + row)).run()

    [problem] = failure.value.problems
    assert problem.column == column
    assert message in problem.message


def test_spreadsheet_binary_file_named_csv(crous, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 4)

    with pytest.raises(ImportFailed) as failure:
        ResidenceSpreadsheetImporter(path).run()

    assert "not a text file" in failure.value.problems[0].message or "NUL" in failure.value.problems[0].message


def test_spreadsheet_utf16_with_bom(crous, tmp_path):
    ResidenceSpreadsheetImporter(write(tmp_path, "utf16.csv", HEADER + GOOD_ROWS, encoding="utf-16")).run()

    assert Residence.objects.count() == 3


def test_spreadsheet_header_only_rejected(crous, tmp_path):
    with pytest.raises(ImportFailed) as failure:
        ResidenceSpreadsheetImporter(write(tmp_path, "empty.csv", HEADER)).run()

    assert "no residence" in failure.value.problems[0].message


def test_spreadsheet_never_moves_residence_to_other_crous(crous, tmp_path):
    ResidenceSpreadsheetImporter(write(tmp_path, "v1.csv", HEADER + GOOD_ROWS)).run()
    moved = "bfc-canot;Canot;LYON;SmartCampus;150;150;Fibre;1 000;125,5;01/09/2015\n"

    with pytest.raises(ImportFailed) as failure:
        ResidenceSpreadsheetImporter(write(tmp_path, "v2.csv", HEADER + moved)).run()

    assert "does not move" in failure.value.problems[0].message
    assert Residence.objects.get(code="bfc-canot").crous.code == "bfc"


def test_spreadsheet_code_given_to_named_residence(crous, tmp_path):
    ResidenceSpreadsheetImporter(write(tmp_path, "v1.csv", "Nom;CROUS\nCanot;BFC\n")).run()

    report = ResidenceSpreadsheetImporter(write(tmp_path, "v2.csv", "Code;Nom;CROUS\nbfc-42;Canot;BFC\n")).run()

    assert report.updated == 1
    assert Residence.objects.get().code == "bfc-42"


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [("01/09/123", "Date d'ouverture", "invalid date"), ("750011", "Code postal", "postal code")],
)
def test_spreadsheet_rejects_bad_dates_and_postal_codes(crous, tmp_path, cell, column, message):
    header = "Code;Nom;CROUS;Code postal;Date d'ouverture\n"
    values = {"Code postal": "75013", "Date d'ouverture": "01/09/2020", column: cell}
    opened = values["Date d'ouverture"]
    row = f"paris-x;X;Paris;{values['Code postal']};{opened}\n"

    with pytest.raises(ImportFailed) as failure:
        ResidenceSpreadsheetImporter(write(tmp_path, "bad.csv", header + row)).run()

    assert failure.value.problems[0].column == column
    assert message in failure.value.problems[0].message
