from pathlib import Path

import polib
import pytest

import planetcampus

PACKAGE = Path(planetcampus.__file__).parent


@pytest.mark.parametrize("app", ["switchover", "messaging"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalog_complete_without_fuzzy(app, language):
    catalog = polib.pofile(str(PACKAGE / app / "locale" / language / "LC_MESSAGES" / "django.po"))

    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []
    assert (PACKAGE / app / "locale" / language / "LC_MESSAGES" / "django.mo").exists()
