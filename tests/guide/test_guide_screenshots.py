"""Screenshots of the user guides (docs/guide/), one browser tour per role.

Run with UPDATE_GUIDE_SCREENSHOTS=1 to write the PNGs into docs/guide/img/;
otherwise they go to test-artifacts/guide/ and the guide stays as it is.
Each picture is 1000 px wide at most, cut at 1400 px high and reduced to
256 colours, so the guide's images stay small in the repository.
"""

import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from planetcampus.core.clock import PARIS

pytestmark = pytest.mark.django_db(transaction=True)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "docs" / "guide" / "img" if os.environ.get("UPDATE_GUIDE_SCREENSHOTS") == "1" else \
    ROOT / "test-artifacts" / "guide"
VIEWPORT = {"width": 1000, "height": 800}
PHONE = {"width": 390, "height": 760}
MAX_HEIGHT = 1400
STYLESHEET_LOADED = """[...document.styleSheets].some(
    sheet => (sheet.href || "").includes("/static/planetcampus/app.css") && sheet.cssRules.length > 0)"""
# Mid-November 2026: the October report is the last complete month.
TODAY = datetime(2026, 11, 16, 10, 0, tzinfo=PARIS)


def save(page, name: str) -> Path:
    """Write a size-capped, 256-colour PNG of the page."""
    from io import BytesIO

    from PIL import Image

    TARGET.mkdir(parents=True, exist_ok=True)
    image = Image.open(BytesIO(page.screenshot(full_page=True)))
    if image.height > MAX_HEIGHT:
        image = image.crop((0, 0, image.width, MAX_HEIGHT))
    path = TARGET / f"{name}.png"
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


@pytest.fixture
def demo_like(estate, personas, tmp_path, settings):
    """Lyon A as the demo has it: residents with codes, visitor codes, private WiFi, usage, probes, rollout."""
    from planetcampus.aaa.accounting import record_packet
    from planetcampus.aaa.nas_cache import clear, nas_for_address
    from planetcampus.access.models import Resident
    from planetcampus.center.services.housing_import import HousingExportImporter
    from planetcampus.center.services.visitor_codes import VisitorTerms, create_visitor_codes
    from planetcampus.reporting.ingest import ingest_file
    from planetcampus.rollout.services import record_change
    from planetcampus.selfcare import services
    from tests.reporting.conftest import grid, write_samples_csv

    settings.REPORTING_SAMPLES_DIR = str(tmp_path / "samples")
    lyon_a, lyon_b = estate["lyon_a"], estate["lyon_b"]
    housing = ("Identifiant;Nom;Prénom;Logement;Date d'arrivée;Date de départ;Téléphone;Email;Langue\n"
               "LA-001;DUPONT;Marjolaine;A12;01/09/2026;30/06/2027;06 12 34 56 78;student@etu.test;fr\n"
               "LA-002;NGUYEN;Bao;A14;01/09/2026;30/06/2027;07 52 34 56 78;bao.nguyen@etu.test;en\n"
               "LA-003;GARCIA;Lucía;A15;01/09/2026;30/06/2027;+34 612 34 56 78;lucia.garcia@etu.test;es\n"
               "LA-004;WANG;Fang;B02;01/09/2026;30/06/2027;06 98 76 54 32;wang.fang@etu.test;zh\n")
    HousingExportImporter(lyon_a, "export-allix.csv", housing.encode(), actor=personas["manager"]).run()
    Resident.objects.filter(external_id="LA-001").update(user=personas["resident"])
    start = TODAY.replace(hour=8)
    create_visitor_codes(personas["manager"], lyon_a, VisitorTerms(valid_from=start, valid_until=start + timedelta(days=3),
                                                                   max_devices=2, session_seconds=12 * 3600,
                                                                   note="Colloque"), count=4)

    subscription = services.subscribe(personas["resident"])
    clear()
    known = nas_for_address("127.0.0.1")
    klass = f"pc:{personas['resident'].pk}:0123456789abcdef"
    for day, mac, volume in ((3, "3c:22:fb:12:34:56", 900_000_000), (9, "0e:23:45:6a:02:0e", 400_000_000),
                             (12, "3c:22:fb:12:34:56", 1_500_000_000)):
        at = datetime(2026, 11, day, 20, tzinfo=PARIS)
        packet = {"Acct-Session-Id": f"G{day}", "Acct-Unique-Session-Id": f"g-{day}", "User-Name": mac.replace(":", ""),
                  "Calling-Station-Id": mac.replace(":", "-").upper(), "Class": klass,
                  "Called-Station-Id": "02-00-00-00-00-01:PlanetCampus-Prive"}
        record_packet(known, {**packet, "Acct-Status-Type": "Start"}, received_at=at)
        record_packet(known, {**packet, "Acct-Status-Type": "Stop", "Acct-Input-Octets": str(volume // 5),
                              "Acct-Output-Octets": str(volume), "Acct-Session-Time": "7200"},
                      received_at=at + timedelta(hours=2))

    rows = []
    for residence in (lyon_a, lyon_b):
        for index, moment in enumerate(grid(datetime(2026, 10, 1, tzinfo=PARIS), datetime(2026, 11, 1, tzinfo=PARIS))):
            down = residence == lyon_b and datetime(2026, 10, 14, 2, tzinfo=PARIS) <= moment < datetime(2026, 10, 14, 5, tzinfo=PARIS)
            rows.append((residence.code, moment, not down, None if down else 8 + index % 9,
                         None if down else 45 + index % 20))
    ingest_file(write_samples_csv(tmp_path / "october.csv", rows))

    record_change(lyon_b, "contract", "planetcampus", date(2026, 9, 1))
    record_change(lyon_b, "target_bandwidth", "ordered", date(2026, 9, 15))
    record_change(lyon_b, "worksite", "works", date(2026, 10, 5))
    return subscription


def staff_page(chromium, client, live_server, user):
    client.force_login(user)
    context = chromium.new_context(viewport=VIEWPORT, locale="fr-FR")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def visit(page, url, name):
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    # The platform's stylesheet must reach the browser, or the guide shows raw HTML.
    assert page.evaluate(STYLESHEET_LOADED), f"{url}: the platform stylesheet did not load"
    return save(page, name)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=True):
        yield


def test_student_screens(frozen, demo_like, chromium, client, live_server, personas):
    base = live_server.url
    page = chromium.new_context(viewport=PHONE, locale="fr-FR").new_page()
    query = ("res=notyet&uamip=10.1.0.1&uamport=3990&challenge=0123456789abcdef0123456789abcdef"
             "&mac=0E-23-45-6A-02-0E&ip=10.1.0.23&ssid=PlanetCampus&nasid=lyon-a-gw1&userurl=http%3A%2F%2Fexample.org%2F")
    page.goto(f"{base}/hotspot/?{query}")
    assert "/fr/portal/" in page.url
    save(page, "etudiant-portail")
    page.context.close()

    client.force_login(personas["resident"])
    context = chromium.new_context(viewport=PHONE, locale="fr-FR")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
    page = context.new_page()
    visit(page, f"{base}/fr/selfcare/", "etudiant-accueil")
    visit(page, f"{base}/fr/selfcare/wifi/", "etudiant-wifi-prive")
    visit(page, f"{base}/fr/selfcare/account/", "etudiant-compte")
    visit(page, f"{base}/fr/selfcare/help/", "etudiant-aide")
    context.close()


def test_manager_screens(frozen, demo_like, chromium, client, live_server, personas, estate):
    base = live_server.url
    page = chromium.new_context(viewport=VIEWPORT, locale="fr-FR").new_page()
    visit(page, f"{base}/fr/accounts/login/", "connexion")
    page.context.close()

    page = staff_page(chromium, client, live_server, personas["manager"])
    code = estate["lyon_a"].code
    visit(page, f"{base}/fr/center/", "gestionnaire-accueil")
    visit(page, f"{base}/fr/center/residences/{code}/", "gestionnaire-residence")
    visit(page, f"{base}/fr/center/residences/{code}/residents/", "gestionnaire-residents")
    visit(page, f"{base}/fr/center/residences/{code}/visitor-codes/", "gestionnaire-codes-visiteurs")
    visit(page, f"{base}/fr/center/residences/{code}/onboarding/", "gestionnaire-prise-en-main")
    visit(page, f"{base}/fr/reporting/?month=2026-10", "gestionnaire-rapport")
    page.context.close()


def test_dsi_screens(frozen, demo_like, chromium, client, live_server, personas, estate):
    base = live_server.url
    page = staff_page(chromium, client, live_server, personas["dsi"])
    visit(page, f"{base}/fr/rollout/", "dsi-deploiement")
    visit(page, f"{base}/fr/rollout/residence/{estate['lyon_b'].code}/", "dsi-historique-residence")
    visit(page, f"{base}/fr/switchover/", "dsi-bascule")
    visit(page, f"{base}/fr/reporting/?month=2026-10", "dsi-rapport")
    visit(page, f"{base}/fr/reporting/residence/{estate['lyon_b'].code}/?month=2026-10", "dsi-rapport-residence")
    page.context.close()


def test_operator_screens(frozen, demo_like, chromium, client, live_server, personas, estate):
    base = live_server.url
    page = staff_page(chromium, client, live_server, personas["operator"])
    visit(page, f"{base}/fr/operator/", "operateur-accueil")
    visit(page, f"{base}/fr/switchover/", "operateur-bascule")
    visit(page, f"{base}/fr/switchover/residences/{estate['lyon_b'].code}/", "operateur-bascule-residence")
    visit(page, f"{base}/radius/", "operateur-acces-reseau")
    visit(page, f"{base}/fr/eduroam/", "operateur-eduroam")
    visit(page, f"{base}/fr/reporting/?month=2026-10", "operateur-rapport")
    page.context.close()
