"""Shared pieces of the printed documents: bilingual text, styles, QR codes.

Printed codes and flyers carry French and English side by side, whatever
the language of the page that asked for them, so each sentence is rendered
twice through the catalog with the language forced.
"""

from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

BRAND = colors.HexColor("#0b5cab")
MUTED = colors.HexColor("#4a5360")
PRINTED_LANGUAGES = ("fr", "en")


def in_language(language: str, message: str, **values) -> str:
    """Translate `message` in `language` and fill its named placeholders, escaped for Paragraph markup."""
    with translation.override(language):
        text = gettext(message)
    return escape(text % values if values else text)


def bilingual(message: str, **values) -> tuple[str, str]:
    return in_language("fr", message, **values), in_language("en", message, **values)


def portal_url() -> str:
    return settings.PUBLIC_BASE_URL + "/"


def portal_host() -> str:
    """Return the portal's address as people type it: host and port, without the scheme."""
    parts = urlsplit(settings.PUBLIC_BASE_URL)
    return (parts.netloc + parts.path).rstrip("/")


def styles(size: float = 9) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=size * 2, leading=size * 2.4, textColor=BRAND),
        "heading": ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=size * 1.3, leading=size * 1.6,
                                  textColor=BRAND, spaceBefore=size * 0.8),
        "french": ParagraphStyle("french", fontName="Helvetica", fontSize=size, leading=size * 1.25),
        "english": ParagraphStyle("english", fontName="Helvetica-Oblique", fontSize=size * 0.9, leading=size * 1.15,
                                  textColor=MUTED, spaceAfter=size * 0.5),
        "code": ParagraphStyle("code", fontName="Courier-Bold", fontSize=size * 2.6, leading=size * 3, alignment=1),
        "small": ParagraphStyle("small", fontName="Helvetica", fontSize=size * 0.8, leading=size, textColor=MUTED),
    }


def draw_qr(canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw a QR code of `data` as vector squares, its lower-left corner at (x, y)."""
    qr = segno.make(data, error="m")
    matrix = qr.matrix
    modules = len(matrix) + 8  # four light modules of quiet zone on each side
    cell = size / modules
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    for row_index, row in enumerate(matrix):
        for column_index, dark in enumerate(row):
            if dark:
                canvas.rect(x + (column_index + 4) * cell, y + size - (row_index + 5) * cell, cell, cell, stroke=0, fill=1)
    canvas.restoreState()
