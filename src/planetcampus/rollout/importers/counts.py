"""Import of per-CROUS tables shaped like the steering committee's slides.

One file may hold several tables separated by blank lines: kickoff dates,
steering committee dates, contracts, target bandwidth, worksites, and
national figures. A blank count cell means zero. A totals row ("Total
général", "GLOBAL") is checked against the sum of the rows, and a
percentage column against the counts, but neither is stored. The import is
all-or-nothing: one problem anywhere and nothing is recorded.
"""

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from planetcampus.core.imports import ImportProblem, ImportReport, run_atomically
from planetcampus.core.tabular import TableFormatError, normalise_header, parse_decimal, parse_int
from planetcampus.estate.services import find_crous
from planetcampus.rollout.figures import percent
from planetcampus.rollout.importers import dated
from planetcampus.rollout.importers.grid import Line, align_to_columns, read_blocks
from planetcampus.rollout.importers.shapes import (
    COUNT_COLUMNS, GLOBAL, KICKOFF, PERCENT_COLUMN, PERCENT_PARTS, STEERING, TOTAL_COLUMN, TOTAL_ROWS, header_shape,
)
from planetcampus.rollout.services import record_count_table

logger = logging.getLogger(__name__)

CROUS_FIX = 'unknown CROUS; write its name as in the CROUS list, for example "AIX-MARSEILLE", "BFC" or "ORLEANS TOURS".'
IGNORED_HEADERS = {"", "statut", "status", "crous"}


@dataclass
class Context:
    """State shared by the table handlers of one import: file, dates, report and problems."""

    file: str
    as_of: date
    year: int
    actor: object
    report: ImportReport
    problems: list[ImportProblem] = field(default_factory=list)

    def problem(self, line, column, value, message):
        self.problems.append(ImportProblem(self.file, line, column, value, message))


class CountTableImporter:
    def __init__(self, path: Path | str, content: bytes | None = None, *, as_of: date, year: int | None = None,
                 actor=None):
        self.path = Path(path)
        self.content = content
        self.as_of = as_of
        self.year = year or as_of.year
        self.actor = actor

    def run(self, *, dry_run: bool = False) -> ImportReport:
        return run_atomically(self._work, dry_run=dry_run)

    def _work(self):
        report = ImportReport(file=self.path.name)
        report.tables = []
        context = Context(self.path.name, self.as_of, self.year, self.actor, report)
        try:
            blocks = read_blocks(self.path, self.content)
        except TableFormatError as error:
            return report, [ImportProblem(self.path.name, None, "", "", str(error))]

        for block in blocks:
            self._import_block(context, block)
        if not report.tables and not context.problems:
            context.problem(None, "", "", "no rollout table found; start each table with its header line, for example "
                                          "\"CROUS<tab>PlanetCampus<tab>SmartCampus\", and separate tables with a blank line.")
        return report, context.problems

    def _import_block(self, context, block):
        shape = None
        for start in range(len(block)):
            next_keys = block[start + 1].keys if start + 1 < len(block) else None
            shape = header_shape(block[start].keys, next_keys)
            if shape:
                block = block[start:]
                break
        if shape is None:
            if _looks_tabular(block):
                context.report.warnings.append(ImportProblem(
                    context.file, block[0].number, "", " ".join(block[0].cells),
                    "ignored: this block's header is not one of the rollout tables.",
                ))
            return

        kind, header_lines = shape
        context.report.tables.append(kind)
        if kind == KICKOFF:
            dated.import_kickoffs(context, block[0], block[1:])
        elif kind == STEERING:
            dated.import_steering(context, block[0], block[1:])
        elif kind == GLOBAL:
            dated.import_global_figures(context, block[0], block[1:])
        else:
            import_counts(context, kind, block[:header_lines], block[header_lines:])


def _looks_tabular(block) -> bool:
    rows_with_numbers = sum(1 for line in block if len(line.cells) >= 2 and any(_is_number(c) for c in line.cells[1:]))
    return rows_with_numbers >= 2


def _is_number(text) -> bool:
    try:
        return parse_decimal(text) is not None
    except ValueError:
        return False


def import_counts(context, kind, header_lines: list[Line], rows: list[Line]):
    """Check and record one count table (contracts, target bandwidth or worksites)."""
    if not rows:
        # A header alone would record a table of zeros and wipe the market's figures.
        context.problem(header_lines[-1].number, "", " ".join(header_lines[-1].cells),
                        "this table has a header but no CROUS line; paste the whole table.")
        return
    columns, spans = _columns(context, kind, header_lines)
    if columns is None:
        return
    problems_before = len(context.problems)
    counts_by_crous, lines, sums, totals_line = {}, {}, {}, None

    for line in rows:
        cells = align_to_columns(line, spans, len(columns)) if spans else line.cells + [""] * (len(columns) - len(line.cells))
        if cells is None:
            context.problem(line.number, "", " ".join(line.cells), "cannot tell which column each number belongs to; "
                                                                   "paste the table with tabs between cells, or write 0 in blank cells.")
            continue
        if normalise_header(cells[0]) in TOTAL_ROWS:
            totals_line = (line, cells)
            continue
        parsed = _parse_row(context, kind, columns, line, cells)
        if parsed is None:
            continue
        crous, counts = parsed
        if crous in counts_by_crous:
            context.problem(line.number, columns[0][0], cells[0], f"this CROUS is already on line {lines[crous]}; keep one line per CROUS.")
            continue
        counts_by_crous[crous], lines[crous] = counts, line.number
        for key, value in counts.items():
            sums[key] = sums.get(key, 0) + value

    if totals_line:
        _check_totals(context, kind, columns, totals_line, sums)
    if len(context.problems) == problems_before:
        table = record_count_table(kind, context.as_of, counts_by_crous, actor=context.actor, source=context.file,
                                   lines=lines)
        if table is None:
            context.report.unchanged += 1
        else:
            context.report.created += 1


def _columns(context, kind, header_lines):
    """Return [(label, role)] per column (role None for the CROUS column) and header spans when space-aligned."""
    accepted = COUNT_COLUMNS[kind]
    if all(line.spans is not None for line in header_lines):
        cells = sorted(
            ((span, cell) for line in header_lines for cell, span in zip(line.cells, line.spans)
             if normalise_header(cell) not in {"statut", "status"}),
            key=lambda item: item[0][0],
        )
        labels, spans = [cell for _span, cell in cells], [span for span, _cell in cells]
    else:
        width = max(len(line.cells) for line in header_lines)
        labels = []
        for index in range(width):
            parts = [line.cells[index] for line in header_lines if index < len(line.cells)]
            labels.append(" ".join(p for p in parts if normalise_header(p) not in {"statut", "status", ""}))
        spans = None
    if spans and normalise_header(labels[0]) != "crous":
        # A header line starting with a blank cell lost it in space-aligned text.
        labels, spans = [""] + labels, [(0, 0)] + spans

    columns = [(labels[0] or "CROUS", None)]
    for label in labels[1:]:
        role = accepted.get(normalise_header(label))
        if role is None and normalise_header(label) not in IGNORED_HEADERS:
            known = ", ".join(sorted({key for key in accepted}))
            context.problem(header_lines[-1].number, label, label, f"unknown column; use one of: {known}.")
            return None, None
        columns.append((label, role))
    return columns, spans


def _parse_row(context, kind, columns, line, cells):
    crous = find_crous(cells[0])
    if crous is None:
        context.problem(line.number, columns[0][0], cells[0], CROUS_FIX)
        return None
    if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns):]):
        context.problem(line.number, "", " ".join(cells[len(columns):]), "more cells than column headers; remove them or add a header.")
        return None

    counts, total, shown_percent = {}, None, None
    for index, (label, role) in enumerate(columns[1:], start=1):
        text = cells[index] if index < len(cells) else ""
        if role is None:
            continue
        if role == PERCENT_COLUMN:
            shown_percent = _parse_percent(context, line, label, text)
            continue
        value = _parse_count(context, line, label, text)
        if role == TOTAL_COLUMN:
            total = value
        else:
            counts[role] = counts.get(role, 0) + value
    _check_row(context, kind, columns, line, counts, total, shown_percent)
    return crous, counts


def _parse_count(context, line, label, text) -> int:
    try:
        value = parse_int(text)
    except ValueError:
        context.problem(line.number, label, text, "invalid count; write a whole number, or leave the cell blank for zero.")
        return 0
    if value is not None and value < 0:
        context.problem(line.number, label, text, "negative count; write zero or more.")
        return 0
    return value or 0


def _parse_percent(context, line, label, text):
    if not text.strip():
        return None
    try:
        return parse_decimal(text)
    except ValueError:
        context.problem(line.number, label, text, "invalid percentage; write it as 58% or 58, or leave the cell blank.")
        return None


def _check_row(context, kind, columns, line, counts, total, shown_percent):
    labels = {role: label for label, role in columns}
    if total is not None and total != sum(counts.values()):
        context.problem(line.number, labels[TOTAL_COLUMN], str(total),
                        f"the total is not the sum of the other columns ({sum(counts.values())}); correct the total or the counts.")
    if shown_percent is not None and kind in PERCENT_PARTS:
        part_keys, whole_keys = PERCENT_PARTS[kind]
        expected = percent(sum(counts.get(k, 0) for k in part_keys), sum(counts.get(k, 0) for k in whole_keys))
        if expected is None or shown_percent != expected:
            shown = "no percentage" if expected is None else f"{expected}%"
            context.problem(line.number, labels[PERCENT_COLUMN], f"{shown_percent}%",
                            f"the percentage does not match the counts, which give {shown}; correct the percentage or the counts.")


def _check_totals(context, kind, columns, totals_line, sums):
    line, cells = totals_line
    grand_total = sum(sums.values())
    for index, (label, role) in enumerate(columns[1:], start=1):
        text = cells[index] if index < len(cells) else ""
        if role is None or role == PERCENT_COLUMN:
            continue
        expected = grand_total if role == TOTAL_COLUMN else sums.get(role, 0)
        value = _parse_count(context, line, label, text)
        if value != expected:
            context.problem(line.number, label, text, f"the totals row does not match the sum of the lines above ({expected}); "
                                                      "correct the total or the lines.")
    shown = next((cells[i] for i, (_l, role) in enumerate(columns) if role == PERCENT_COLUMN and i < len(cells)), "")
    _check_row(context, kind, columns, line, sums, None, _parse_percent(context, line, "%", shown))
