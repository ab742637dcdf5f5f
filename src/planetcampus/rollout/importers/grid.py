"""Reading pasted or exported tables as blocks of cells, with line numbers.

Tables come copy-pasted from a slide or a spreadsheet: tab-separated (a
spreadsheet copy), `;`- or `,`-separated (a CSV export), or aligned with
runs of spaces (a slide's text). Blank lines separate tables, so one file
may hold several tables and the prose around them.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from planetcampus.core.tabular import TableFormatError, decode_bytes, normalise_header

# A cell of a space-aligned line: words separated by single spaces.
SPACED_CELL = re.compile(r"\S+(?: \S+)*")


@dataclass
class Line:
    number: int
    cells: list[str]
    # Start and end offsets of each cell, only for space-aligned text.
    spans: list[tuple[int, int]] | None = None

    @property
    def keys(self) -> list[str]:
        return [normalise_header(cell) for cell in self.cells]


def read_blocks(path: Path | str, content: bytes | None = None) -> list[list[Line]]:
    """Split a file into blocks of consecutive non-blank lines."""
    path = Path(path)
    raw = content if content is not None else path.read_bytes()
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _split_blocks(_xlsx_lines(path.name, raw))
    return _split_blocks(_text_lines(decode_bytes(raw)))


def _split_blocks(lines):
    blocks, current = [], []
    for line in lines:
        if line is None:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _text_lines(text: str):
    """Yield a Line per non-blank line and None for each blank one."""
    raw_lines = text.splitlines()
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            yield None
        elif "\t" in raw:
            yield Line(number, [cell.strip() for cell in raw.rstrip("\r\n").split("\t")])
        elif ";" in raw:
            yield Line(number, [cell.strip() for cell in next(csv.reader([raw], delimiter=";"))])
        elif "," in raw and not re.search(r"\d,\d", raw):
            # A comma CSV; lines with decimal commas ("99,65") are left to the space rule.
            yield Line(number, [cell.strip() for cell in next(csv.reader([raw], delimiter=","))])
        else:
            matches = list(re.finditer(r"\S+(?: \S+)*", raw.replace("\u00a0", " ")))
            yield Line(number, [match.group() for match in matches], [match.span() for match in matches])


def _xlsx_lines(name: str, raw: bytes):
    from openpyxl import load_workbook

    from planetcampus.core.tabular import _xlsx_cell_text

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types on bad files
        raise TableFormatError(f"{name} is not a readable XLSX workbook ({error}): save it again as .xlsx or CSV.") from None
    for sheet in workbook.worksheets:
        for number, record in enumerate(sheet.iter_rows(), start=1):
            cells = [_percent_cell_text(cell) or _xlsx_cell_text(cell.value) for cell in record]
            yield Line(number, cells) if any(cells) else None
        yield None


def _percent_cell_text(cell) -> str:
    """Write a percent-formatted number as the spreadsheet shows it ("0.58" as "58%")."""
    value = getattr(cell, "value", None)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or "%" not in (getattr(cell, "number_format", "") or ""):
        return ""
    shown = Decimal(str(value)) * 100
    return f"{shown.normalize():f}%"


def align_to_columns(line: Line, header_spans: list[tuple[int, int]], width: int) -> list[str] | None:
    """Place the cells of a space-aligned line under the header column they sit below.

    Blank cells vanish from space-aligned text, so a short line is placed by
    position: each cell goes to the header whose span overlaps it most, or
    else the nearest one. Returns None when two cells fall under one header.
    """
    if line.spans is None or len(line.cells) >= width:
        return line.cells + [""] * (width - len(line.cells))
    placed = [""] * width
    placed[0] = line.cells[0]
    for cell, (start, end) in zip(line.cells[1:], line.spans[1:]):
        column = _closest_column(start, end, header_spans)
        if column == 0 or placed[column]:
            return None
        placed[column] = cell
    return placed


def _closest_column(start, end, header_spans) -> int:
    def score(item):
        index, (column_start, column_end) = item
        overlap = min(end, column_end) - max(start, column_start)
        distance = abs((start + end) / 2 - (column_start + column_end) / 2)
        return (-max(overlap, 0), distance)

    return min(enumerate(header_spans), key=score)[0]
