"""The residence flyer: how to connect, in French and English, with a QR code to the portal."""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext_noop
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from planetcampus.center.printing.common import (
    BRAND,
    bilingual,
    draw_qr,
    portal_host,
    portal_url,
    styles,
)

MARGIN = 16 * mm
QR_SIZE = 42 * mm

SIGN_IN_STEPS = [
    gettext_noop("1. Connect to the “PlanetCampus” network. The portal opens by itself; if not, type %(url)s."),
    gettext_noop("2. Click “Sign in with Mes Services Étudiant”: you are taken to the national student account portal."),
    gettext_noop("3. Type your Mes Services Étudiant e-mail address and password, then confirm."),
    gettext_noop("4. Create your PlanetCampus account: your name and e-mail are filled in. Choose a password and accept the terms of use."),
    gettext_noop("5. You are connected! Turn on private WiFi in your customer area to connect all your devices to your own network."),
]
CODE_STEPS = [
    gettext_noop("1. Get your connection code from your residence's reception desk. It was also sent to you by SMS or e-mail."),
    gettext_noop("2. Connect to the “PlanetCampus” network. The portal opens by itself; if not, type %(url)s."),
    gettext_noop("3. Type your 8-character code on the portal, then create your PlanetCampus account."),
    gettext_noop("4. You are connected! Turn on private WiFi in your customer area to connect all your devices to your own network."),
]


def _bilingual_block(style, heading: str, steps: list[str]) -> list:
    french, english = bilingual(heading)
    flow = [Paragraph(f"{french} <font color='#4a5360'>/ {english}</font>", style["heading"])]
    for step in steps:
        french, english = bilingual(step, url=portal_host())
        flow += [Paragraph(french, style["french"]), Paragraph(english, style["english"])]
    return flow


def render_flyer(residence) -> bytes:
    """Return a one-page A4 PDF flyer for a residence."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    width, height = A4
    style = styles(10)
    french_title, english_title = bilingual(gettext_noop("Discover PlanetCampus"))
    canvas.setTitle(f"{french_title} – {residence.name}")
    canvas.setAuthor("PlanetCampus")

    canvas.setFillColor(BRAND)
    canvas.rect(0, height - 34 * mm, width, 34 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont("Helvetica-Bold", 24)
    canvas.drawString(MARGIN, height - 17 * mm, french_title.upper())
    canvas.setFont("Helvetica", 13)
    canvas.drawString(MARGIN, height - 26 * mm, english_title)
    canvas.drawRightString(width - MARGIN, height - 26 * mm, residence.name[:60])

    draw_qr(canvas, portal_url(), width - MARGIN - QR_SIZE, height - 40 * mm - QR_SIZE, QR_SIZE)
    intro = [Paragraph(text, style[name]) for text, name in zip(
        bilingual(gettext_noop("Your new very-high-speed WiFi. Connect to the PlanetCampus network (%(url)s) or scan the QR code."),
                  url=escape(portal_host())), ("french", "english"))]
    Frame(MARGIN, height - 40 * mm - QR_SIZE, width - 2 * MARGIN - QR_SIZE - 6 * mm, QR_SIZE, showBoundary=0).addFromList(intro, canvas)

    body = _bilingual_block(style, gettext_noop("Connect with your Mes Services Étudiant account"), SIGN_IN_STEPS)
    body += _bilingual_block(style, gettext_noop("Connect with a connection code"), CODE_STEPS)
    top = height - 46 * mm - QR_SIZE
    Frame(MARGIN, 34 * mm, width - 2 * MARGIN, top - 34 * mm, showBoundary=0).addFromList(body, canvas)

    _footer(canvas, width, style)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _footer(canvas, width, style):
    canvas.setStrokeColor(BRAND)
    canvas.line(MARGIN, 32 * mm, width - MARGIN, 32 * mm)
    lines = []
    for message in (gettext_noop("Customer service, 24/7: %(phone)s"), gettext_noop("Do not throw on the public highway.")):
        french, english = bilingual(message, phone=settings.CUSTOMER_SERVICE_PHONE)
        lines += [Paragraph(french, style["french"]), Paragraph(english, style["english"])]
    Frame(MARGIN, 8 * mm, width - 2 * MARGIN, 23 * mm, showBoundary=0).addFromList(lines, canvas)
