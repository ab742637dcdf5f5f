"""Demo data of SLA reporting: the CROUS BFC residences and their February 2020 table."""

import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import transaction

from planetcampus.estate.importers.spreadsheet import ResidenceSpreadsheetImporter
from planetcampus.estate.models import Residence
from planetcampus.estate.services import find_crous, seed_crous
from planetcampus.reporting import bfc, store
from planetcampus.reporting.ingest import ingest_file
from planetcampus.reporting.models import Incident, SlaContract

RESIDENCES_FILE = settings.PACKAGE_DIR / "reporting" / "data" / "bfc-residences.csv"


def load(stdout):
    seed_crous()
    stdout.write(ResidenceSpreadsheetImporter(RESIDENCES_FILE).run().summary())
    _default_contract()
    residences = table_residences()
    missing = [(code, residence) for code, residence in residences.items() if not _has_samples(residence)]
    if missing:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "bfc-2020-02.parquet"
            write_samples(path, [(code, residence.code) for code, residence in missing])
            stdout.write(ingest_file(path).summary())
    _bossuet_incident(residences["bfc-pavillon-bossuet"])
    stdout.write(f"SLA reporting: February 2020 of {len(residences)} BFC residences ready.")


def table_residences() -> dict:
    """Map each code of the BFC table to its residence.

    The importer updates a residence of the same name in the CROUS instead of
    creating one, and that residence keeps its own code, so look up by name too.
    """
    crous = find_crous("BFC")
    found = {}
    for code, (name, *_figures) in bfc.TABLE.items():
        residence = (Residence.objects.filter(code=code).first()
                     or Residence.objects.filter(crous=crous, name__iexact=name).first())
        if residence is not None:
            found[code] = residence
    return found


def _default_contract():
    if not SlaContract.objects.filter(is_default=True).exists():
        SlaContract.objects.create(name="PlanetCampus – GTR 4 h", gtr_hours=4, is_default=True)


def _has_samples(residence) -> bool:
    files = store.month_files(bfc.MONTH)
    if not files:
        return False
    connection = store.connect()
    count = connection.execute(f"SELECT count(*) FROM {store.parquet_source(files)} WHERE residence_id = ?",
                               [residence.pk]).fetchone()[0]
    connection.close()
    return count > 0


def write_samples(path: Path, pairs):
    """Write the February 2020 samples of (table code, residence code) pairs as a probe Parquet file."""
    columns = {"residence": [], "timestamp": [], "reachable": [], "latency_ms": [], "throughput_mbps": []}
    for table_code, residence_code in pairs:
        for moment, reachable, latency, throughput in bfc.february_samples(table_code):
            columns["residence"].append(residence_code)
            columns["timestamp"].append(moment)
            columns["reachable"].append(reachable)
            columns["latency_ms"].append(latency)
            columns["throughput_mbps"].append(throughput)
    table = pa.table({**columns, "timestamp": pa.array(columns["timestamp"], pa.timestamp("us", tz="UTC"))})
    pq.write_table(table, path)


@transaction.atomic
def _bossuet_incident(residence):
    Incident.objects.get_or_create(residence=residence, started_at=bfc.BOSSUET_INCIDENT["started_at"],
                                   defaults=bfc.BOSSUET_INCIDENT)
