"""Translation catalogs: French complete everywhere, students' pages in five languages."""

from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "planetcampus"
STUDENT_APPS = {"portal", "selfcare"}
STUDENT_LANGUAGES = ["en", "de", "es", "zh_Hans"]
# Sources of the project-level catalog that students read.
STUDENT_SOURCES = ("templates/student_base.html", "templates/base.html", "access/rights.py", "access/codes.py")


def catalogs(language):
    return sorted(PACKAGE.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def untranslated(po, only_sources=None):
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if only_sources and not any(src.startswith(only_sources) for src, _ in entry.occurrences):
            continue
        empty = not entry.msgstr and not any(entry.msgstr_plural.values())
        if empty or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    return missing


@pytest.mark.parametrize("path", catalogs("fr"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_french_catalog_complete(path):
    assert untranslated(polib.pofile(str(path))) == []


@pytest.mark.parametrize("language", STUDENT_LANGUAGES)
def test_student_catalogs_complete(language):
    problems = {}
    for path in catalogs(language):
        app = path.relative_to(PACKAGE).parts[0]
        if app in STUDENT_APPS:
            missing = untranslated(polib.pofile(str(path))) if language != "en" else []
        elif app == "locale":
            missing = untranslated(polib.pofile(str(path)), STUDENT_SOURCES) if language != "en" else []
        else:
            continue
        if missing:
            problems[str(path.relative_to(PACKAGE))] = missing
    assert problems == {}


@pytest.mark.parametrize("path", catalogs("fr") + catalogs("de"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_catalog_compiled_and_fresh(path):
    compiled = path.with_suffix(".mo")

    assert compiled.exists(), f"{compiled} missing: run compilemessages"
    assert compiled.stat().st_mtime >= path.stat().st_mtime - 1, f"{compiled} older than its .po"
