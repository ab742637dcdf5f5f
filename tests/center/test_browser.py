"""Browser tests of the manager's daily tasks, in headless Chromium against live_server."""

import os

import pytest

from tests.center.pdf import page_count, pdf_text
from tests.conftest import PASSWORD
from tests.support.browser import new_page, screenshot

GOOD_EXPORT = (
    "Identifiant;Nom;Prénom;Logement;Date d'arrivée;Date de départ;Téléphone;Email\n"
    "H-1001;MARTIN;Léa;B12;01/09/2026;30/06/2027;06 12 34 56 78;lea.martin@etu.test\n"
    "H-1002;NGUYEN;Bao;B14;01/09/2026;30/06/2027;+33 6 98 76 54 32;bao.nguyen@etu.test\n"
)
BAD_EXPORT = GOOD_EXPORT + "H-1003;DURAND;Hugo;B15;31/02/2026;30/06/2027;0612;hugo.durand@etu.test\n"


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()


# Playwright's sync API keeps an asyncio loop running in this thread until
# the session-wide browser closes, and Django refuses ORM calls when it sees
# one, test database teardown included. The ORM calls here run between
# browser steps, never inside the loop, so the check is lifted for the
# session that collects this module.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def manager_page(live_server, personas, chromium):
    page = new_page(chromium)
    sign_in(page, live_server, personas["manager"].email)
    yield page
    page.context.close()


def test_batch_created_printed_and_one_revoked(manager_page, live_server, estate):
    from planetcampus.access.models import ConnectionCode

    page = manager_page
    page.goto(f"{live_server.url}/fr/center/residences/lyon-a/visitor-codes/")
    page.fill("#id_count", "3")
    page.fill("#id_max_devices", "2")
    page.fill("#id_note", "Colloque de chimie")
    page.click("#create-codes button[type=submit]")
    page.wait_for_load_state()
    rows = page.locator("tr[data-code]")

    assert rows.count() == 3
    codes = sorted(ConnectionCode.objects.filter(residence=estate["lyon_a"], kind="visitor").values_list("code", flat=True))
    assert len(codes) == 3

    href = page.locator("a[data-print-batch]").first.get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert page_count(response.body()) == 1
    for code in codes:
        assert f"{code[:4]}-{code[4:]}" in text
    assert "Colloque de chimie" in text
    assert "Saisissez ce code" in text  # the French steps
    assert "Type this 8-character code" in text  # and the English ones

    revoked = codes[0]
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"tr[data-code='{revoked}'] button.danger").click()
    page.wait_for_load_state()
    screenshot(page, "center-visitor-codes-revoked")

    assert ConnectionCode.objects.get(code=revoked).revoked_at is not None
    assert ConnectionCode.objects.filter(code__in=codes[1:], revoked_at__isnull=True).count() == 2
    assert page.locator(f"tr[data-code='{revoked}'] td.bad").count() == 1
    assert page.locator(f"tr[data-code='{revoked}'] button.danger").count() == 0


def test_bad_export_changes_nothing_then_good_one_imports(manager_page, live_server, estate, tmp_path):
    from planetcampus.access.models import ConnectionCode, Resident

    page = manager_page
    bad = tmp_path / "export-bad.csv"
    bad.write_text(BAD_EXPORT, encoding="utf-8")
    page.goto(f"{live_server.url}/fr/center/residences/lyon-a/residents/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    problems = page.locator("#import-problems")
    screenshot(page, "center-import-rejected")

    assert problems.count() == 1
    problem_rows = problems.locator("tbody tr")
    assert problem_rows.count() == 2
    assert problem_rows.nth(0).locator("td").nth(0).inner_text() == "4"
    assert "31/02/2026" in problem_rows.nth(0).inner_text()
    assert "0612" in problem_rows.nth(1).inner_text()
    assert Resident.objects.filter(residence=estate["lyon_a"]).count() == 0
    assert ConnectionCode.objects.filter(residence=estate["lyon_a"]).count() == 0

    good = tmp_path / "export.csv"
    good.write_text(GOOD_EXPORT, encoding="utf-8")
    page.set_input_files("#id_file", str(good))
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()

    assert page.locator("#import-report").count() == 1
    assert page.locator("#import-problems").count() == 0
    residents = Resident.objects.filter(residence=estate["lyon_a"]).order_by("external_id")
    assert [resident.last_name for resident in residents] == ["MARTIN", "NGUYEN"]
    assert [resident.phone for resident in residents] == ["+33612345678", "+33698765432"]
    assert ConnectionCode.objects.filter(residence=estate["lyon_a"], kind="resident").count() == 2

    page.goto(f"{live_server.url}/fr/center/residences/lyon-a/residents/?q=MARTIN")
    assert "MARTIN" in page.locator("main table").inner_text()
    assert "NGUYEN" not in page.locator("main table").inner_text()
