"""Reading operator files: CSV or XLSX, French conventions, with line numbers.

Operators send spreadsheets exported from Excel or LibreOffice: `;` or `,`
separators, UTF-8 with or without BOM or Windows-1252, decimal commas and
dd/mm/yyyy dates. Every row keeps the line number where it starts in the
file, so an error can name it.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from planetcampus.estate.naming import strip_accents


@dataclass
class Row:
    line: int
    values: dict[str, str]


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[Row]


class TableFormatError(ValueError):
    pass


def decode_bytes(raw: bytes, name: str = "the file") -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 (with BOM), else Windows-1252.

    Raise TableFormatError for content that is not text (NUL bytes, bytes
    Windows-1252 leaves undefined), so a spreadsheet renamed .csv or a
    binary file gets a message instead of a traceback.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    elif raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="strict") if _is_utf8(raw[3:]) else None
    else:
        text = raw.decode("utf-8") if _is_utf8(raw) else None
    if text is None:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise TableFormatError(
                _("%(name)s is not a text file: save it as CSV (UTF-8) or XLSX and import it again.") % {"name": name}
            ) from None
    if "\x00" in text:
        raise TableFormatError(
            _("%(name)s contains NUL characters, so it is not a CSV file: save it as CSV (UTF-8) or XLSX.") % {"name": name}
        )
    return text


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def normalise_header(header: str) -> str:
    """Lower-case, accent-free, single-spaced header for matching aliases."""
    text = strip_accents(str(header or "")).lower()
    return re.sub(r"[^a-z0-9%#]+", " ", text).strip()


def read_table(path: Path | str, content: bytes | None = None) -> Table:
    path = Path(path)
    raw = content if content is not None else path.read_bytes()
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path.name, raw)
    if raw.startswith(b"PK\x03\x04"):
        return _read_xlsx(path.name, raw)
    return read_csv_text(path.name, decode_bytes(raw, path.name))


def read_csv_text(name: str, text: str) -> Table:
    sample = text[:4096]
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    if first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise TableFormatError(
            _("%(name)s is empty: expected a header line then one line per record.") % {"name": name}
        ) from None
    except csv.Error as error:
        raise TableFormatError(
            _("%(name)s cannot be read as CSV (%(error)s): check its quotes.") % {"name": name, "error": error}
        ) from None
    rows = []
    line = reader.line_num + 1
    for record in _records(reader, name):
        if any(cell.strip() for cell in record):
            padded = record + [""] * (len(headers) - len(record))
            rows.append(Row(line=line, values=dict(zip(headers, (c.strip() for c in padded)))))
        line = reader.line_num + 1
    return Table(name=name, headers=headers, rows=rows)


def _records(reader, name):
    try:
        yield from reader
    except csv.Error as error:
        raise TableFormatError(
            _("%(name)s, line %(line)d: cannot be read as CSV (%(error)s); check its quotes.")
            % {"name": name, "line": reader.line_num, "error": error}
        ) from None


def _read_xlsx(name: str, raw: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types on bad files
        raise TableFormatError(
            _("%(name)s is not a readable XLSX workbook (%(error)s): save it again as .xlsx or CSV.")
            % {"name": name, "error": error}
        ) from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        headers = [str(h).strip() if h is not None else "" for h in next(iterator)]
    except StopIteration:
        raise TableFormatError(
            _("%(name)s is empty: expected a header row then one row per record.") % {"name": name}
        ) from None
    rows = []
    for index, record in enumerate(iterator, start=2):
        cells = [_xlsx_cell_text(value) for value in record]
        if any(cells):
            cells += [""] * (len(headers) - len(cells))
            rows.append(Row(line=index, values=dict(zip(headers, cells))))
    return Table(name=name, headers=headers, rows=rows)


def _xlsx_cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_decimal(text: str) -> Decimal | None:
    """Parse "1 234,5", "1234.5" or "12,5 Mb/s"; return None for an empty cell."""
    cleaned = (text or "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = re.sub(r"(mb/s|mbit/s|mbps|gb/s|gbit/s|ms|%)$", "", cleaned, flags=re.IGNORECASE)
    if cleaned == "":
        return None
    if not re.fullmatch(r"[+-]?[\d.,]+", cleaned):
        # Rejects words, exponents ("1e3"), NaN and Infinity, which Decimal would accept.
        raise ValueError("not a number")
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("not a number") from None


def parse_int(text: str) -> int | None:
    number = parse_decimal(text)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError("not a whole number")
    return int(number)


def parse_date(text: str, default_year: int | None = None) -> date | None:
    """Parse dd/mm/yyyy, dd/mm/yy, ISO yyyy-mm-dd, or dd/mm with `default_year`."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?", cleaned)
    if match:
        day, month, year = match.groups()
        if year is None:
            if default_year is None:
                raise ValueError("date without a year")
            year = default_year
        year = int(year)
        if year < 100 and len(str(match.group(3) or "")) <= 2:
            year += 2000
        if not 1900 <= year <= 2100:
            raise ValueError("year out of range")
        return date(year, int(month), int(day))
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?", cleaned)
    if match:
        return date(*(int(part) for part in match.groups()))
    raise ValueError("not a date")
