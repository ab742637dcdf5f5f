"""CSV, XLSX and PDF versions of the monthly table, in the CROUS dashboard layout."""

import csv
import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from planetcampus.reporting.periods import Month
from planetcampus.reporting.tables import FIGURES, Section, headers

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _number(value, decimals):
    return "" if value is None else round(float(value), decimals)


def table_rows(sections: list[Section], *, numeric: bool = True) -> list[list]:
    """Return the table as plain rows: a header and CROUS row, then a header and residence rows per CROUS.

    With `numeric`, figures are rounded numbers (XLSX); otherwise they are the
    texts shown on screen, with the locale's decimal separator (CSV).
    """
    rows = []
    for section in sections:
        rows.append(headers(_("Establishment")))
        crous = section.crous_line
        count = _("%(count)d residence(s)") % {"count": section.crous_kpis.residences}
        figures = [_number(crous.values[a], 2) for a, _l, _d in FIGURES] if numeric else crous.cells[:-1]
        rows.append([crous.label] + figures + [crous.values["incidents_out_of_gtr"], "", count])
        rows.append(headers(_("Residence")))
        for line in section.lines:
            figures = [_number(line.values[a], d) for a, _l, d in FIGURES] if numeric else line.cells[:-1]
            rows.append([line.label] + figures + [line.values["incidents_out_of_gtr"], line.backhaul, "\n".join(line.remarks)])
    return rows


def to_csv(sections: list[Section], month: Month) -> bytes:
    """Write the table as CSV for spreadsheet users in France: `;` separator, decimal comma, UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in table_rows(sections, numeric=False):
        writer.writerow(["" if cell == "—" else cell for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(sections: list[Section], month: Month) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(month)
    bold, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDE5EE")
    for row in table_rows(sections):
        sheet.append(row)
        is_header = row[1] == str(FIGURES[0][1])
        is_crous = str(row[0]).startswith("CROUS ")
        for cell in sheet[sheet.max_row]:
            if is_header or is_crous:
                cell.font = bold
            if is_header:
                cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 34
    for letter in "BCDEFGHIJ":
        sheet.column_dimensions[letter].width = 13
    sheet.column_dimensions["K"].width = 80
    _samples_sheet(workbook.create_sheet(_("Samples")), sections)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _samples_sheet(sheet, sections: list[Section]):
    """List the number of samples behind each residence's figures, so a low count can be spotted."""
    sheet.append([_("Residence"), _("Samples"), _("Expected samples"), _("Coverage (%)"), _("Unreachable samples"),
                  _("Throughput samples"), _("Evening samples (GDM)")])
    for section in sections:
        for line in section.lines:
            kpis = line.kpis
            coverage = None if kpis.coverage_pct is None else round(kpis.coverage_pct, 2)
            sheet.append([line.label, kpis.samples, kpis.expected_samples, coverage, kpis.unreachable_samples,
                          kpis.throughput_samples, kpis.evening_samples])
    sheet.column_dimensions["A"].width = 34


def to_pdf(sections: list[Section], month: Month) -> bytes:
    """Lay out the monthly report on A4 landscape: a CROUS row, then residence rows with remarks beneath."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    head = styles["BodyText"].clone("head", fontSize=7, leading=8.5, fontName="Helvetica-Bold")
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                                 topMargin=10 * mm, bottomMargin=10 * mm,
                                 title=_("SLA report %(month)s") % {"month": month})
    story = [Paragraph(_("PlanetCampus dashboard – %(month)s") % {"month": month.first_day.strftime("%m/%Y")},
                       styles["Title"])]
    widths = [62 * mm] + [22 * mm] * 7 + [16 * mm, 18 * mm]
    def add_header(data, style, first):
        data.append([Paragraph(text, head) for text in headers(first)[:-1]])
        style.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor("#DDE5EE")))

    for section in sections:
        data, style = [], [("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("ALIGN", (1, 0), (-1, -1), "RIGHT")]
        add_header(data, style, _("Establishment"))
        crous = section.crous_line
        data.append([Paragraph(escape(crous.label), head)] + crous.cells[:-1] + [crous.cells[-1], ""])
        style.append(("FONTNAME", (0, len(data) - 1), (-1, len(data) - 1), "Helvetica-Bold"))
        add_header(data, style, _("Residence"))
        for line in section.lines:
            data.append([Paragraph(escape(line.label), small)] + line.cells + [line.backhaul])
            for remark in line.remarks:
                # Remarks are free text typed by operators: reportlab reads markup, so escape it.
                data.append([Paragraph(escape(remark), small)] + [""] * 9)
                style.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
                style.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor("#FFF7E0")))
        table = Table(data, colWidths=widths, repeatRows=0)
        table.setStyle(TableStyle(style + [("FONTSIZE", (0, 0), (-1, -1), 7)]))
        story += [table, Spacer(1, 6 * mm)]
    if not sections:
        story.append(Paragraph(_("No residence in this scope."), styles["BodyText"]))
    document.build(story)
    return buffer.getvalue()


def render(sections: list[Section], month: Month, file_format: str) -> bytes:
    writers = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf}
    if file_format not in writers:
        raise ValueError(f"unknown format {file_format!r}: use csv, xlsx or pdf.")
    return writers[file_format](sections, month)
