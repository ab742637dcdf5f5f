"""The CROUS BFC table of February 2020, rebuilt from generated probe samples.

DECK_TABLE is the residence part of the BFC monthly table shown to the
national steering committee in September 2020, as printed.
"""

import io
import shutil
import subprocess

import pytest
from django.utils import translation
from openpyxl import load_workbook

from planetcampus.estate.importers.spreadsheet import ResidenceSpreadsheetImporter
from planetcampus.estate.models import Residence
from planetcampus.estate.services import seed_crous
from planetcampus.reporting import bfc, demo, exports
from planetcampus.reporting.ingest import ingest_file
from planetcampus.reporting.kpis import month_kpis
from planetcampus.reporting.models import Incident
from planetcampus.reporting.tables import build_sections

DECK_TABLE = """\
Agora-Planoise	100	100	47	5,1	4,6	1,4	4,1	0	ADSL
Antide Janvier	100	100	12	5,2	48,6	5,8	29,4	0	Fibre
Braudel	100	100	48	14,8	20	14,8	19,2	0	ADSL
Canot	100	100	12	8,9	125,6	8,9	85,1	0	Fibre
Cité Beaune	100	100	4	16	239,7	16	164,9	0	Fibre
Cité de l'alternance	100	100	4	6,4	90,7	6,4	65	0	Fibre
Colette - Gascar	100	100	12	15,5	289,1	15,5	184,7	0	Fibre
Colette - Gigoux	100	100	12	31,9	407,5	31,9	276,2	0	Fibre
Colette - Stendhal	100	100	12	13,1	152	13,1	94,4	0	Fibre
Duvillard	100	100	14	11	155,7	11	82,2	0	Fibre
Hericourt	100	100	45	10	13,3	10	13,1	0	ADSL
Jean Moulin	100	100	63	6,6	6,6	6,6	6,6	0	ADSL
Jean Zay - Dijon	100	100	4	15,1	127,6	15,1	98,2	0	Fibre
Jemmapes	100	100	42	11,8	13,3	12,1	13,3	0	ADSL
Megevand	100	100	48	3,2	12,6	3,2	11,5	0	ADSL
Pavillon antipodes	100	100	4	15,2	275,7	15,2	183,4	0	Fibre
Pavillon Autun	100	100	31	13,7	140,4	13,7	104,9	0	Fibre
Pavillon Auxerre	100	100	31	8,8	131,3	13,9	98,7	0	Fibre
Pavillon Bossuet	100	99,86	4	8	59,7	8	31	0	Fibre
Pavillon Buffon	100	100	4	6,2	97,6	6,2	70,7	0	Fibre
Pavillon Chalon	100	100	31	11,5	137,2	11,5	100,1	0	Fibre
Pavillon de Broches	100	100	4	7,4	77,6	7,4	53,9	0	Fibre
Pavillon Lamartine	100	100	4	9,7	67,8	9,7	41,9	0	Fibre"""

DECK_REMARK = (
    "Le 20/02/20 / responsabilité SmartCampus / Site injoignable / durée : 1.0 heure(s) : Site injoignable "
    "Diagnostic : aucun équipement n'est joignable sur le site Périmètre de l'incident : l'ensemble du site. "
    "Impact de l'incident : coupure du service Le site a-t-il été informé? non Résultat : Le service est "
    "rétabli sur le site Pavillon Bossuet suite à la prise en charge de l'incident par nos équipes.")

DECK_HEADERS = ["Résidence", "Dispo (resp. opérateur) (%)", "Dispo (toutes resp) (%)", "LatMax (ms)", "BPMin (Mb/s)",
                "BPMoy (Mb/s)", "BPMin 19h-23h (Mb/s)", "BPMoy 19h-23h (Mb/s)", "Hors GTR", "Collecte", "Remarques"]

# Cells that no single set of samples can give (see reporting.bfc): (residence, column index) -> our value.
IMPOSSIBLE_CELLS = {("Agora-Planoise", 4): "1,4", ("Pavillon Bossuet", 1): "99,86"}


@pytest.fixture(scope="session")
def bfc_parquet(tmp_path_factory):
    path = tmp_path_factory.mktemp("bfc") / "bfc-2020-02.parquet"
    demo.write_samples(path, [(code, code) for code in bfc.TABLE])
    return path


@pytest.fixture
def bfc_month(db, bfc_parquet):
    seed_crous()
    ResidenceSpreadsheetImporter(demo.RESIDENCES_FILE).run()
    ingest_file(bfc_parquet)
    bossuet = Residence.objects.get(code="bfc-pavillon-bossuet")
    Incident.objects.create(residence=bossuet, **bfc.BOSSUET_INCIDENT)
    with translation.override("fr"):
        residences = Residence.objects.filter(code__in=bfc.TABLE).select_related("crous")
        yield build_sections(month_kpis(list(residences), bfc.MONTH))


def deck_rows():
    return [line.split("\t") for line in DECK_TABLE.splitlines()]


def test_bfc_residence_rows_match_deck(bfc_month):
    section = bfc_month[0]
    ours = {line.label: [line.label] + line.cells + [line.backhaul] for line in section.lines}

    assert list(ours) == [row[0] for row in deck_rows()]
    for deck_row in deck_rows():
        expected = [IMPOSSIBLE_CELLS.get((deck_row[0], index), cell) for index, cell in enumerate(deck_row)]
        assert ours[deck_row[0]] == expected


def test_bfc_remark_matches_deck(bfc_month):
    lines = {line.label: line for line in bfc_month[0].lines}

    assert lines["Pavillon Bossuet"].remarks == [DECK_REMARK]
    assert sum(len(line.remarks) for line in lines.values()) == 1


def test_bfc_crous_row_is_mean_of_residences(bfc_month):
    section = bfc_month[0]
    latencies = [float(row[3]) for row in deck_rows()]

    assert section.crous_line.label == "CROUS BOURGOGNE FRANCHE COMTE"
    assert section.crous_kpis.residences == 23
    assert section.crous_line.cells[2] == f"{sum(latencies) / 23:.2f}".replace(".", ",")
    assert section.crous_line.cells[1] == "99,99"


def test_bfc_csv_keeps_deck_layout(bfc_month):
    with translation.override("fr"):
        text = exports.to_csv(bfc_month, bfc.MONTH).decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]

    assert rows[0][0] == "Etablissement"
    assert rows[1][0] == "CROUS BOURGOGNE FRANCHE COMTE"
    assert rows[2] == DECK_HEADERS
    assert rows[3][:10] == [IMPOSSIBLE_CELLS.get(("Agora-Planoise", i), c) for i, c in enumerate(deck_rows()[0])]
    assert len(rows) == 3 + 23


def test_bfc_xlsx_has_numbers(bfc_month):
    with translation.override("fr"):
        workbook = load_workbook(io.BytesIO(exports.to_xlsx(bfc_month, bfc.MONTH)))
    rows = list(workbook.active.iter_rows(values_only=True))

    assert list(rows[2]) == DECK_HEADERS
    bossuet = next(row for row in rows if row[0] == "Pavillon Bossuet")
    assert bossuet[2] == 99.86
    assert bossuet[5] == 59.7
    assert bossuet[10] == DECK_REMARK


def test_bfc_pdf_puts_remark_under_residence(bfc_month):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    with translation.override("fr"):
        content = exports.to_pdf(bfc_month, bfc.MONTH)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()

    assert text.index("CROUS BOURGOGNE FRANCHE COMTE") < text.index("Agora-Planoise")
    assert text.index("Pavillon Bossuet") < text.index("Le 20/02/20") < text.index("Pavillon Buffon")
    assert "BPMoy" in text
    assert "19h-23h" in text


def test_pdf_keeps_markup_in_remarks_as_text(bfc_month):
    line = next(line for section in bfc_month for line in section.lines if line.remarks)
    line.remarks = ["Coupure <b> partielle & <img src=x onerror=alert(1)>"]

    with translation.override("fr"):
        content = exports.to_pdf(bfc_month, bfc.MONTH)

    assert content.startswith(b"%PDF")
