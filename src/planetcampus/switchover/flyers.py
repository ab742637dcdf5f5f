"""The digital flyer of a residence: how to join PlanetCampus, in French and English, with a QR code."""

import io

import segno
from django.conf import settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

STEPS = [
    ("Obtenez votre code de connexion auprès de votre gestionnaire ; il vous a aussi été envoyé par SMS "
     "ou e-mail.", "Ask your residence manager for your connection code; it was also sent to you by text "
     "message or e-mail."),
    ("Connectez-vous au réseau « PlanetCampus » : le portail s'ouvre tout seul, sinon ouvrez l'adresse "
     "ci-dessous.", "Join the “PlanetCampus” network: the portal opens by itself, otherwise open the address "
     "below."),
    ("Saisissez votre code de huit caractères puis créez votre compte PlanetCampus.",
     "Enter your eight-character code, then create your PlanetCampus account."),
]


def _wrapped(pdf, text, x, y, width, font, size):
    """Draw `text` wrapped to `width` points from (x, y) downwards; returns the y below it."""
    pdf.setFont(font, size)
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if pdf.stringWidth(candidate, font, size) > width and line:
            pdf.drawString(x, y, line)
            y -= size * 1.3
            line = word
        else:
            line = candidate
    if line:
        pdf.drawString(x, y, line)
        y -= size * 1.3
    return y


def _qr(pdf, url, x, y, size):
    # Drawn module by module as vector squares: sharp when printed, and no
    # image library needed.
    code = segno.make(url, error="m")
    matrix = [list(row) for row in code.matrix]
    module = size / len(matrix)
    for row_index, row in enumerate(matrix):
        for column_index, dark in enumerate(row):
            if dark:
                pdf.rect(x + column_index * module, y + size - (row_index + 1) * module, module, module,
                         stroke=0, fill=1)


def flyer_pdf(residence, switch_date_text: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"PlanetCampus – {residence.name}")
    width, height = A4
    portal_url = f"{settings.PUBLIC_BASE_URL}/"
    y = height - 30 * mm
    pdf.setFont("Helvetica-Bold", 26)
    pdf.drawString(20 * mm, y, "Votre WiFi passe à PlanetCampus")
    y = _wrapped(pdf, f"{residence.name} – {switch_date_text}", 20 * mm, y - 12 * mm, width - 40 * mm,
                 "Helvetica", 16)
    for number, (french, english) in enumerate(STEPS, start=1):
        y = _wrapped(pdf, f"{number}. {french}", 20 * mm, y - 8 * mm, width - 40 * mm, "Helvetica-Bold", 13)
        y = _wrapped(pdf, english, 26 * mm, y, width - 46 * mm, "Helvetica-Oblique", 11)
    _qr(pdf, portal_url, 20 * mm, 40 * mm, 50 * mm)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(80 * mm, 70 * mm, portal_url)
    pdf.drawString(80 * mm, 62 * mm, f"Aide / Help: {settings.CUSTOMER_SERVICE_PHONE}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
