"""Demo data of rollout tracking: the steering committee's four tables of 17 September 2020.

The tables are bundled under data/ as they were shown on the slides, with
the national figures of March 2020 quoted beside them. Importing them again
changes nothing, so loading the demo twice is harmless.
"""

from datetime import date
from pathlib import Path

from planetcampus.estate.services import seed_crous
from planetcampus.rollout.importers import importer_for

DATA = Path(__file__).parent / "data"
COMMITTEE_DAY = date(2020, 9, 17)
DECK_TABLES = [
    "2020-03-national-figures.tsv",
    "2020-09-17-kickoff-meetings.tsv",
    "2020-09-17-contracts.tsv",
    "2020-09-17-target-bandwidth.tsv",
    "2020-09-17-worksites.tsv",
]


def load(stdout):
    seed_crous()
    for name in DECK_TABLES:
        report = importer_for(DATA / name, as_of=COMMITTEE_DAY, year=COMMITTEE_DAY.year).run()
        stdout.write(report.summary())
