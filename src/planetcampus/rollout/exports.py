"""The four tables as rows of cells, and their CSV, XLSX and plain-text renderings.

The sections keep the deck's shape and headers (in the active language), so
an exported CSV can be imported again as count tables.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _, pgettext

from planetcampus.rollout.models import STATUS_CHOICES, Topic
from planetcampus.rollout.summary import KINDS, CountSummary, Summary

PERCENT_HEADERS = {"contracts": "%PC", "target_bandwidth": "%"}


@dataclass
class Section:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    # The totals row, or None; percentages are ints shown with a % sign.
    totals: list | None


def sections(summary: Summary) -> list[Section]:
    return [kickoff_section(summary)] + [count_section(table) for table in summary.count_tables]


def kickoff_section(summary: Summary) -> Section:
    kickoffs = summary.kickoffs
    rows = [
        [line.crous.name, _short_date(line.kickoff_on), " ".join(_short_date(day) for day in line.steering)]
        for line in kickoffs.lines
    ]
    totals = [pgettext("totals row", "Total"), _("%(held)s of %(count)s held (%(percent)s%%)") % {
        "held": kickoffs.held_count, "count": len(kickoffs.lines), "percent": kickoffs.percent if kickoffs.lines else 0,
    }, ""]
    return Section("kickoffs", _("Kickoff meetings"), ["CROUS", _("Kickoff meeting"), _("Steering committees")], rows, totals)


def count_section(table: CountSummary) -> Section:
    topic = KINDS[table.kind][0]
    labels = [str(STATUS_CHOICES[topic](key).label) for key in table.columns]
    if topic == Topic.CONTRACT:
        headers = ["CROUS", *labels, pgettext("totals row", "Total"), PERCENT_HEADERS["contracts"]]
        shape = lambda line: [*line.cells(table.columns), line.total, _percent_text(line.percent)]  # noqa: E731
    elif topic == Topic.TARGET_BANDWIDTH:
        headers = ["CROUS", *labels, PERCENT_HEADERS["target_bandwidth"]]
        shape = lambda line: [*line.cells(table.columns), _percent_text(line.percent)]  # noqa: E731
    else:
        headers = ["CROUS", pgettext("table header", "Residences under redeployment"), *labels]
        shape = lambda line: [line.total, *line.cells(table.columns)]  # noqa: E731
    rows = [[line.crous.name, *shape(line)] for line in table.lines]
    totals = [pgettext("totals row", "Total"), *shape(table.totals)] if table.lines else None
    return Section(table.kind, str(table_title(table.kind)), headers, rows, totals)


def table_title(kind):
    from planetcampus.rollout.models import CountTable

    return capfirst(CountTable.Kind(kind).label)


def _short_date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _percent_text(value) -> str:
    return "" if value is None else f"{value}%"


def as_of_caption(summary: Summary) -> str:
    return _("Situation on %(date)s") % {"date": date_format(summary.as_of, "DATE_FORMAT")}


def to_csv(parts: list[Section], summary: Summary) -> str:
    """Semicolon CSV as French spreadsheets expect, one section per table, blank lines between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([as_of_caption(summary)])
    for section in parts:
        writer.writerow([])
        writer.writerow([section.title])
        writer.writerow(section.headers)
        writer.writerows(section.rows)
        if section.totals:
            writer.writerow(section.totals)
    return buffer.getvalue()


def to_xlsx(parts: list[Section], summary: Summary) -> bytes:
    """Render a workbook with one sheet per table, percentages as real percent cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in parts:
        sheet = workbook.create_sheet(section.title[:31])
        sheet.append(section.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in section.rows + ([section.totals] if section.totals else []):
            sheet.append([_xlsx_value(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, float) and section.key != "kickoffs":
                    cell.number_format = "0%"
        if section.totals:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 28
        sheet.append([])
        sheet.append([as_of_caption(summary)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    # "58%" becomes 0.58 so the spreadsheet can compute with it; the rounding is already done.
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        return int(value[:-1]) / 100
    return value


def to_text(parts: list[Section], summary: Summary) -> str:
    """Aligned columns for a terminal."""
    lines = [as_of_caption(summary)]
    for section in parts:
        table = [section.headers] + section.rows + ([section.totals] if section.totals else [])
        widths = [max(len(str(row[i])) if i < len(row) else 0 for row in table) for i in range(len(section.headers))]
        lines += ["", section.title]
        for row in table:
            cells = [str(value).ljust(widths[i]) if i == 0 else str(value).rjust(widths[i]) for i, value in enumerate(row)]
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
