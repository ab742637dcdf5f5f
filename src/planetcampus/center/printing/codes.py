"""The printed sheet of connection codes: one cut-out card per code, eight per A4 page."""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext_noop, ngettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph

from planetcampus.center.printing.common import bilingual, portal_host, styles
from planetcampus.core.clock import PARIS

COLUMNS, ROWS = 2, 4
PADDING = 6 * mm


def display_code(code: str) -> str:
    """Split a code in two groups of four ("WXCR-F65H"); the portal ignores the dash."""
    return f"{code[:4]}-{code[4:]}"


def _date(moment, language: str) -> str:
    with translation.override(language):
        return formats.date_format(moment.astimezone(PARIS), "SHORT_DATETIME_FORMAT")


def duration_text(seconds: int) -> str:
    """Write a session length in the active language: days, hours or minutes."""
    hours = seconds // 3600
    if hours >= 24 and hours % 24 == 0:
        return ngettext("%(count)d day", "%(count)d days", hours // 24) % {"count": hours // 24}
    if hours >= 1 and seconds % 3600 == 0:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", seconds // 60) % {"count": seconds // 60}


def _terms(code, language: str) -> str:
    with translation.override(language):
        text = ngettext(
            "Valid from %(start)s to %(end)s, for %(devices)d device, sessions of %(session)s.",
            "Valid from %(start)s to %(end)s, for up to %(devices)d devices, sessions of %(session)s.",
            code.max_devices,
        ) % {"start": _date(code.valid_from, language), "end": _date(code.valid_until, language),
             "devices": code.max_devices, "session": duration_text(code.session_seconds)}
    return escape(text)


def _card(code, style) -> list:
    """Return the flowables of one card: the code, its terms and the portal steps in French and English."""
    residence = code.residence.name
    flow = [Paragraph("planet<b>campus</b> – WiFi", style["heading"]),
            Paragraph(escape(residence), style["small"]),
            Paragraph(display_code(code.code), style["code"])]
    if code.note:
        flow.append(Paragraph(escape(code.note), style["small"]))
    flow += [Paragraph(_terms(code, "fr"), style["french"]), Paragraph(_terms(code, "en"), style["english"])]
    steps = [
        (gettext_noop("1. Connect to the “PlanetCampus” WiFi network. The portal opens by itself; if not, type %(url)s."),
         {"url": portal_host()}),
        (gettext_noop("2. Type this 8-character code in the “Connection code” box, then create your PlanetCampus account."), {}),
        (gettext_noop("3. Customer service, 24/7: %(phone)s."), {"phone": settings.CUSTOMER_SERVICE_PHONE}),
    ]
    for message, values in steps:
        french, english = bilingual(message, **values)
        flow += [Paragraph(french, style["french"]), Paragraph(english, style["english"])]
    return flow


def render_codes(codes, *, title: str) -> bytes:
    """Return a PDF with one card per code, with dashed cut lines between cards."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(title)
    canvas.setAuthor("PlanetCampus")
    width, height = A4
    card_width, card_height = width / COLUMNS, height / ROWS
    style = styles(7.2)

    codes = list(codes)
    per_page = COLUMNS * ROWS
    for page_start in range(0, max(len(codes), 1), per_page):
        _cut_lines(canvas, width, height, card_width, card_height)
        for index, code in enumerate(codes[page_start:page_start + per_page]):
            column, row = index % COLUMNS, index // COLUMNS
            frame = Frame(column * card_width + PADDING, height - (row + 1) * card_height + PADDING,
                          card_width - 2 * PADDING, card_height - 2 * PADDING,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            # Long notes or residence names would push the last step out of
            # the card; shrinking keeps every line of both languages.
            content = KeepInFrame(frame._aW, frame._aH, _card(code, style), mode="shrink")
            frame.addFromList([content], canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _cut_lines(canvas, width, height, card_width, card_height):
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setStrokeGray(0.6)
    canvas.setLineWidth(0.4)
    for column in range(1, COLUMNS):
        canvas.line(column * card_width, 0, column * card_width, height)
    for row in range(1, ROWS):
        canvas.line(0, row * card_height, width, row * card_height)
    canvas.restoreState()
