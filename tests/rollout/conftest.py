from datetime import date
from pathlib import Path

import pytest

import planetcampus.rollout

DATA = Path(planetcampus.rollout.__file__).parent / "data"
COMMITTEE_DAY = date(2020, 9, 17)
DECK_TABLES = [
    DATA / "2020-09-17-kickoff-meetings.tsv",
    DATA / "2020-09-17-contracts.tsv",
    DATA / "2020-09-17-target-bandwidth.tsv",
    DATA / "2020-09-17-worksites.tsv",
]
MARCH_FIGURES = DATA / "2020-03-national-figures.tsv"


@pytest.fixture
def crous(db):
    from planetcampus.estate.services import seed_crous

    seed_crous()


@pytest.fixture
def deck(crous):
    """The deck's four tables imported as of the committee day, and the March 2020 figures."""
    from planetcampus.rollout.importers import importer_for

    for path in DECK_TABLES + [MARCH_FIGURES]:
        importer_for(path, as_of=COMMITTEE_DAY, year=2020).run()
