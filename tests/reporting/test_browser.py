"""The SLA dashboard as a person sees it in Chromium, on a desktop and a phone."""

import os

import pytest

from planetcampus.estate.importers.spreadsheet import ResidenceSpreadsheetImporter
from planetcampus.estate.models import Residence
from planetcampus.estate.services import seed_crous
from planetcampus.reporting import bfc, demo
from planetcampus.reporting.ingest import ingest_file
from planetcampus.reporting.models import Incident
from tests.support.browser import DESKTOP, PHONE, new_page, screenshot

pytestmark = pytest.mark.browser
# Playwright's sync API runs an event loop in the test thread, so Django would
# reject the fixtures' ORM calls. The ORM is still used from one thread only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def signed_in_operator(transactional_db, client, django_user_model, tmp_path, live_server):
    seed_crous()
    ResidenceSpreadsheetImporter(demo.RESIDENCES_FILE).run()
    path = tmp_path / "bfc.parquet"
    demo.write_samples(path, [(code, code) for code in ("bfc-pavillon-bossuet", "bfc-agora-planoise")])
    ingest_file(path)
    Incident.objects.create(residence=Residence.objects.get(code="bfc-pavillon-bossuet"), **bfc.BOSSUET_INCIDENT)
    operator = django_user_model.objects.create_superuser("operator@planetcampus.test", "Correct-Horse-42")
    client.force_login(operator)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_dashboard_renders_bfc_month(chromium, live_server, signed_in_operator, size):
    page = new_page(chromium, size)
    page.context.add_cookies([signed_in_operator])
    page.goto(f"{live_server.url}/fr/reporting/?month=2020-02&crous=bfc")

    assert page.get_by_text("CROUS BOURGOGNE FRANCHE COMTE").is_visible()
    assert page.get_by_text("Le 20/02/20 / responsabilité SmartCampus").is_visible()
    body_width = page.evaluate("document.documentElement.scrollWidth")
    assert body_width <= size["width"]                        # the table scrolls inside its card
    screenshot(page, f"reporting-dashboard-{'phone' if size is PHONE else 'desktop'}")
    page.context.close()


def test_residence_page_shows_charts(chromium, live_server, signed_in_operator):
    page = new_page(chromium, DESKTOP)
    page.context.add_cookies([signed_in_operator])
    page.goto(f"{live_server.url}/fr/reporting/residence/bfc-pavillon-bossuet/?month=2020-02")

    assert page.locator("svg.chart").count() == 3
    assert page.locator("svg.chart polyline").count() >= 3
    screenshot(page, "reporting-residence-desktop")
    page.context.close()
