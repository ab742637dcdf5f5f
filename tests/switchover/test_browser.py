"""The switch-over pages in Chromium, on a phone and on a desktop."""

import os
from datetime import date

import pytest

from tests.conftest import PASSWORD
from tests.support.browser import new_page, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
# Playwright's sync API runs an event loop in the test thread, and Django
# then refuses ORM calls from it although they run synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_switchover_pages_render_with_chart(chromium, live_server, viewport, make_residence, personas):
    name, size = viewport
    make_residence("browser-a", compatible_on=date(2026, 11, 2))
    make_residence("browser-b")
    page = new_page(chromium, size)
    sign_in(page, live_server, personas["operator"].email)

    page.goto(f"{live_server.url}/fr/switchover/")
    assert page.locator("h1").inner_text() == "Bascule mensuelle"
    chart_width = page.evaluate("document.querySelector('img[src$=\"trajectory.svg\"]').naturalWidth")
    assert chart_width > 0
    assert "Contrat PlanetCampus non reçu" in page.content()
    screenshot(page, f"switchover-home-{name}")

    page.goto(f"{live_server.url}/fr/switchover/residences/browser-a/")
    page.click("form[action$='/steps/ssid/do/'] button")
    assert page.locator("text=Modification du SSID").count() >= 1
    assert "fait" in page.locator("tbody tr").first.inner_text()
    screenshot(page, f"switchover-residence-{name}")
    page.context.close()
