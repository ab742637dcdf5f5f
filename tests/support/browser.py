"""Headless Chromium (Debian package) driven by Playwright, for browser tests.

Use the `page` fixture with Django's `live_server`. Screenshots go to
test-artifacts/screenshots/ so a run keeps what the browser saw.
"""

import os
from pathlib import Path

import pytest

from tests.support.services import require_or_skip

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Playwright's sync API keeps an event loop running in the test thread, which
# makes Django refuse database calls from that thread without this flag.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def chromium():
    executable = require_or_skip("/usr/bin/chromium", "install Debian's chromium package (scripts/install-system-packages).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "desktop"])
def viewport(request):
    return request.param, PHONE if request.param == "phone" else DESKTOP


@pytest.fixture
def browser_page(chromium):
    """A fresh desktop page; tests wanting a phone pass through `new_page`."""
    context = chromium.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def new_page(chromium, size=DESKTOP, locale="fr-FR"):
    return chromium.new_context(viewport=size, locale=locale).new_page()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
