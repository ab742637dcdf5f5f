"""The list of a wave's residences as CSV and XLSX, for the CROUS IT departments."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _columns():
    return [_("CROUS"), _("Code"), _("Residence"), _("Address"), _("Postal code"), _("City"), _("Dwellings"),
            _("Switch-over date")]


def _rows(entries):
    for entry in entries:
        residence = entry.residence
        yield [residence.crous.name, residence.code, residence.name, residence.address, residence.postal_code,
               residence.city, residence.dwellings, entry.wave.switch_on]


def as_csv(entries) -> bytes:
    """Return the list as CSV with ";" and a UTF-8 BOM, the form French Excel opens directly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_columns())
    for row in _rows(entries):
        writer.writerow(["" if value is None else (value.strftime("%d/%m/%Y") if hasattr(value, "strftime")
                                                   else value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(entries) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Switch-over")
    sheet.append(_columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(entries):
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=8).number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFGH", (24, 18, 36, 36, 10, 20, 10, 14)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
