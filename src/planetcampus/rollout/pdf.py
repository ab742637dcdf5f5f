"""A one-page PDF of the rollout figures for the steering committee (reportlab).

The four tables are merged into one line per CROUS so they fit on a single
A4 landscape page; the headline comparisons sit above.
"""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _, pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from planetcampus.rollout.summary import Summary

GREEN = colors.HexColor("#1b7f5a")
GREY = colors.HexColor("#eef0f3")


def committee_pdf(summary: Summary, headlines, scope_label: str) -> bytes:
    buffer = io.BytesIO()
    # Uncompressed and invariant: the file is small, and tests can read the figures in it.
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                                 topMargin=10 * mm, bottomMargin=10 * mm, pageCompression=0, invariant=1,
                                 title=_("PlanetCampus rollout"), author="PlanetCampus")
    styles = getSampleStyleSheet()
    story = [
        Paragraph(_("PlanetCampus rollout: situation on %(date)s") % {"date": date_format(summary.as_of, "DATE_FORMAT")},
                  styles["Title"]),
        Paragraph(scope_label, styles["Normal"]),
        Spacer(1, 3 * mm),
    ]
    for line in headline_sentences(headlines):
        story.append(Paragraph(line, styles["Normal"]))
    story += [Spacer(1, 4 * mm), _figures_table(summary)]
    document.build(story)
    return buffer.getvalue()


def headline_sentences(headlines) -> list[str]:
    from planetcampus.rollout.templatetags.rollout import comparison_sentence

    return [comparison_sentence(headline) for headline in headlines]


def _figures_table(summary: Summary) -> Table:
    contracts = {line.crous.pk: line for line in summary.contracts.lines}
    bandwidth = {line.crous.pk: line for line in summary.target_bandwidth.lines}
    worksites = {line.crous.pk: line for line in summary.worksites.lines}
    header_groups = ["", _("Kickoff"), _("Contracts received"), "", "", "", _("Target bandwidth"), "", "", "",
                     _("Worksites"), "", "", "", ""]
    headers = ["CROUS", pgettext("kickoff", "Date"), "PC", "SC", pgettext("totals row", "Total"), "%PC",
               pgettext("target bandwidth", "delivered"), pgettext("target bandwidth", "ordered"),
               pgettext("target bandwidth", "in study"), "%", pgettext("totals row", "Total"), "#0", "#1", "#2", "#3"]
    rows = [header_groups, headers]
    for line in summary.kickoffs.lines:
        pk = line.crous.pk
        rows.append([line.crous.name, line.kickoff_on.strftime("%d/%m/%Y") if line.kickoff_on else "",
                     *_contract_cells(contracts.get(pk)), *_bandwidth_cells(bandwidth.get(pk)),
                     *_worksite_cells(worksites.get(pk))])
    rows.append([pgettext("totals row", "Total"), f"{summary.kickoffs.percent or 0}%", *_contract_cells(summary.contracts.totals),
                 *_bandwidth_cells(summary.target_bandwidth.totals), *_worksite_cells(summary.worksites.totals)])

    table = Table(rows, repeatRows=2)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("FONT", (0, 0), (-1, 1), "Helvetica-Bold", 8),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8),
        ("SPAN", (2, 0), (5, 0)), ("SPAN", (6, 0), (9, 0)), ("SPAN", (10, 0), (14, 0)),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 1), GREY),
        ("LINEBELOW", (0, 1), (-1, 1), 0.8, GREEN),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, GREEN),
        ("ROWBACKGROUNDS", (0, 2), (-1, -2), [colors.white, colors.HexColor("#f7f8fa")]),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


def _contract_cells(line):
    if line is None:
        return ["", "", "", ""]
    return [*line.cells(["planetcampus", "smartcampus"]), line.total, _percent(line.percent)]


def _bandwidth_cells(line):
    if line is None:
        return ["", "", "", ""]
    return [*line.cells(["delivered", "ordered", "in_study"]), _percent(line.percent)]


def _worksite_cells(line):
    if line is None:
        return ["", "", "", "", ""]
    return [line.total, *line.cells(["plans_pending", "audit", "works", "delivered"])]


def _percent(value):
    return "" if value is None else f"{value}%"
