"""Demo data of the estate: the CROUS list and the CNOUS open-data residences."""

from django.conf import settings

from planetcampus.estate.importers.opendata import OpenDataImporter
from planetcampus.estate.services import seed_crous

OPEN_DATA = settings.PROJECT_DIR.parent / "shared" / "data" / "crous-residences-open-data.csv"
BUNDLED_OPEN_DATA = settings.PACKAGE_DIR / "estate" / "data" / "crous-residences-open-data.csv"


def load(stdout):
    seed_crous()
    source = BUNDLED_OPEN_DATA if BUNDLED_OPEN_DATA.exists() else OPEN_DATA
    report = OpenDataImporter(source).run()
    stdout.write(report.summary())
