import re
from collections import Counter
from datetime import timedelta

import segno
from django.utils import translation

from planetcampus.center.printing.codes import duration_text, render_codes
from planetcampus.center.printing.flyer import render_flyer
from planetcampus.center.services.visitor_codes import VisitorTerms, create_visitor_codes
from planetcampus.core.clock import now
from tests.center.pdf import page_count, page_streams, pdf_text


def visitor_codes(personas, residence, count, note=""):
    terms = VisitorTerms(now(), now() + timedelta(days=2), 3, 24 * 3600, note=note)
    return list(create_visitor_codes(personas["manager"], residence, terms, count=count).codes.order_by("code"))


def test_sheet_fits_eight_cards_per_page(personas, estate):
    codes = visitor_codes(personas, estate["lyon_a"], 17, note="Colloque")

    pdf = render_codes(codes, title="Codes")
    text = " ".join(pdf_text(pdf).split())  # lines joined: the checks span wrapped lines

    assert page_count(pdf) == 3
    for code in codes:
        assert f"{code.code[:4]}-{code.code[4:]}" in text
    assert text.count("Saisissez ce code de huit caractères") == 17
    assert text.count("Type this 8-character code") == 17
    assert text.count("3 appareils au plus, sessions de 1 jour") == 17
    assert text.count("up to 3 devices, sessions of 1 day") == 17


def test_long_note_and_name_still_fit_every_step(personas, estate):
    estate["lyon_a"].name = "Résidence universitaire du Campus de la Doua – Bâtiment historique André Allix"
    estate["lyon_a"].save()
    codes = visitor_codes(personas, estate["lyon_a"], 1, note="Délégation " * 18)

    text = " ".join(pdf_text(render_codes(codes, title="Codes")).split())

    assert "Service client 24 h/24, 7 j/7" in text
    assert "Customer service, 24/7" in text


@translation.override("en")
def test_durations_read_naturally():
    assert duration_text(3600) == "1 hour"
    assert duration_text(4 * 3600) == "4 hours"
    assert duration_text(7 * 24 * 3600) == "7 days"
    assert duration_text(90 * 60) == "90 minutes"


def test_flyer_has_both_languages_phone_and_portal(settings, estate):
    settings.PUBLIC_BASE_URL = "https://wifi.planetcampus.example"
    settings.CUSTOMER_SERVICE_PHONE = "01 70 70 46 26"

    text = " ".join(pdf_text(render_flyer(estate["lyon_a"])).split())

    assert "DÉCOUVREZ PLANETCAMPUS" in text
    assert "Discover PlanetCampus" in text
    assert "Résidence André Allix" in text
    assert "Se connecter avec un code de connexion" in text
    assert "Connect with a connection code" in text
    assert "S’identifier avec Mes Services Étudiant" in text
    assert "wifi.planetcampus.example" in text
    assert "Service client 24 h/24, 7 j/7 : 01 70 70 46 26" in text
    assert "Customer service, 24/7: 01 70 70 46 26" in text


def test_flyer_qr_encodes_portal_url(settings, estate):
    settings.PUBLIC_BASE_URL = "https://wifi.planetcampus.example"
    dark = sum(sum(row) for row in segno.make("https://wifi.planetcampus.example/", error="m").matrix)

    stream = b"".join(page_streams(render_flyer(estate["lyon_a"])))
    widths = re.findall(rb"[\d.]+ [\d.]+ ([\d.]+) [\d.]+ re f", stream)
    module = Counter(widths).most_common(1)[0][0]

    # One filled square per dark module; the banner and the white background are wider.
    assert widths.count(module) == dark


def test_flyer_download_is_a_pdf(client_for, estate):
    response = client_for("manager").get("/fr/center/residences/lyon-a/flyer.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
