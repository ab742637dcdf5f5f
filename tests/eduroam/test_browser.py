"""The operator switches eduroam on in a residence, in headless Chromium against live_server."""

import os

import pytest

from planetcampus.eduroam.models import Authentication
from tests.conftest import PASSWORD
from tests.support.browser import DESKTOP, new_page, screenshot

# Same reason as in the center's browser tests: Playwright's sync API keeps
# an asyncio loop in this thread, and the ORM calls run between its steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def operator_page(live_server, personas, chromium):
    page = new_page(chromium, DESKTOP)
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.fill("#id_username", personas["operator"].email)
    page.fill("#id_password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    yield page
    page.context.close()


def test_operator_switches_eduroam_on(operator_page, live_server, estate):
    Authentication.objects.create(occurred_at="2026-03-10T14:00:00Z", residence=estate["lyon_a"],
                                  outer_identity="anonymous@univ-lyon1.fr", realm="univ-lyon1.fr",
                                  mac="02:00:00:00:00:01", result="reject", reason="eduroam_disabled",
                                  digest="browser-1")
    page = operator_page

    page.goto(f"{live_server.url}/fr/eduroam/")
    page.click(f"text={estate['lyon_a'].name}")
    page.click("text=Activer eduroam")
    page.wait_for_load_state()
    screenshot(page, "eduroam-residence-desktop")

    assert "eduroam est maintenant actif" in page.content()
    assert "anonymous@univ-lyon1.fr" in page.content()
    estate["lyon_a"].refresh_from_db()
    assert estate["lyon_a"].eduroam_enabled is True
