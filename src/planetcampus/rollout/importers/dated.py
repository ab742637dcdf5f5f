"""Tables of dates per CROUS (kickoffs, steering committees) and national figures.

A meeting dated on or before the import's as-of date is known from its own
date: it took place then. A later one is a planned meeting, known from the
as-of date.
"""

import calendar
import re
from datetime import date

from planetcampus.core.tabular import normalise_header, parse_date, parse_decimal, parse_int
from planetcampus.estate.services import find_crous
from planetcampus.rollout.history import meetings_as_of
from planetcampus.rollout.importers.shapes import GLOBAL_HEADERS, GLOBAL_INDICATORS, STEERING_HEADERS, TOTAL_ROWS
from planetcampus.rollout.models import GlobalFigure, Meeting
from planetcampus.rollout.services import record_global_figure, record_meeting

CROUS_FIX = 'unknown CROUS; write its name as in the CROUS list, for example "AIX-MARSEILLE", "BFC" or "ORLEANS TOURS".'
DATE_FIX = "invalid date; write dd/mm/yyyy, or dd/mm to take the import's year."
MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
          "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "january": 1, "february": 2, "march": 3,
          "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10,
          "november": 11, "december": 12}


def import_kickoffs(context, header, rows):
    """Record kickoff dates (column 2) and any steering committee column of the same table."""
    steering_columns = [i for i, key in enumerate(header.keys) if i > 1 and key in STEERING_HEADERS]
    planned = _dated_rows(context, rows, [1], single=True)
    if steering_columns:
        _record_steering(context, _dated_rows(context, rows, steering_columns, single=False, required=False))
    known = meetings_as_of([crous.pk for crous in planned], Meeting.Kind.KICKOFF, context.as_of)
    for crous, (days, _line) in planned.items():
        if known.get(crous.pk) == days:
            context.report.unchanged += 1
            continue
        record_meeting(crous, Meeting.Kind.KICKOFF, days[0], min(days[0], context.as_of), actor=context.actor,
                       source=context.file)
        context.report.created += 1


def import_steering(context, header, rows):
    _record_steering(context, _dated_rows(context, rows, None, single=False))


def _record_steering(context, planned):
    known = meetings_as_of([crous.pk for crous in planned], Meeting.Kind.STEERING, context.as_of)
    for crous, (days, _line) in planned.items():
        for day in days:
            if day in known.get(crous.pk, []):
                context.report.unchanged += 1
                continue
            record_meeting(crous, Meeting.Kind.STEERING, day, min(day, context.as_of), actor=context.actor,
                           source=context.file)
            context.report.created += 1


def _dated_rows(context, rows, columns, *, single, required=True):
    """Map CROUS -> (sorted dates, line number) from the date cells of `columns` (None: every cell after the CROUS).

    With `required` false (a second pass over the same lines for an optional
    column), CROUS problems are not reported again and blank cells are allowed.
    """
    result, seen = {}, {}
    for line in rows:
        if normalise_header(line.cells[0]) in TOTAL_ROWS:
            continue
        crous = find_crous(line.cells[0])
        if crous is None or crous in seen:
            if required:
                message = CROUS_FIX if crous is None else f"this CROUS is already on line {seen[crous]}; keep one line per CROUS."
                context.problem(line.number, "CROUS", line.cells[0], message)
            continue
        seen[crous] = line.number

        cells = line.cells[1:] if columns is None else [line.cells[i] for i in columns if i < len(line.cells)]
        texts = [part for cell in cells for part in re.split(r"[\s,;]+", cell) if part]
        days = []
        for text in texts:
            try:
                days.append(parse_date(text, default_year=context.year))
            except ValueError:
                context.problem(line.number, "date", text, DATE_FIX)
        if not texts and required:
            context.problem(line.number, "date", "", "missing date; write the meeting date as dd/mm/yyyy or dd/mm.")
        elif single and len(days) > 1:
            context.problem(line.number, "date", " ".join(texts), "a CROUS has one kickoff meeting; keep a single date.")
        if days:
            result[crous] = (sorted(days), line.number)
    return result


def import_global_figures(context, header, rows):
    columns = {}
    for index, key in enumerate(header.keys):
        for name, accepted in GLOBAL_HEADERS.items():
            if key in accepted:
                columns[name] = index
    if "period" not in columns or not ({"percent", "count"} & set(columns)):
        context.problem(header.number, "", " ".join(header.cells),
                        "a national figures table needs the columns Indicateur, Période and % or Nombre.")
        return
    for line in rows:
        _import_global_row(context, columns, line)


def _import_global_row(context, columns, line):
    def cell(name):
        index = columns.get(name)
        return line.cells[index].strip() if index is not None and index < len(line.cells) else ""

    indicator = GLOBAL_INDICATORS.get(normalise_header(cell("indicator")))
    if indicator is None:
        context.problem(line.number, "Indicateur", cell("indicator"),
                        "unknown indicator; write Contrats PlanetCampus, Sites au débit cible or Résidences en chantier.")
        return
    try:
        as_of, precision = parse_period(cell("period"), context.year)
    except ValueError:
        context.problem(line.number, "Période", cell("period"), "invalid period; write a month (03/2020, mars 2020) or a date (17/09/2020).")
        return
    try:
        count = parse_int(cell("count"))
        share = parse_decimal(cell("percent"))
    except ValueError:
        context.problem(line.number, "%", f"{cell('percent')} {cell('count')}".strip(), "invalid number; write a percentage such as 41% and a whole count.")
        return
    if count is None and share is None:
        context.problem(line.number, "%", "", "missing figure; write a percentage, a count or both.")
        return
    if share is not None and not 0 <= share <= 100:
        context.problem(line.number, "%", cell("percent"), "a percentage is between 0 and 100.")
        return
    figure = record_global_figure(indicator, as_of, count=count, percent=share, precision=precision,
                                  actor=context.actor, source=context.file)
    if figure is None:
        context.report.unchanged += 1
    else:
        context.report.created += 1


def parse_period(text: str, default_year: int) -> tuple[date, str]:
    """Parse "03/2020" or "mars 2020" as that month's last day, or a date as itself."""
    key = normalise_header(text)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text.strip()) or re.fullmatch(r"([a-z]+) (\d{4})", key)
    if match:
        month_text, year = match.groups()
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
        if not month or not 1 <= month <= 12:
            raise ValueError("not a month")
        year = int(year)
        return date(year, month, calendar.monthrange(year, month)[1]), GlobalFigure.Precision.MONTH
    day = parse_date(text, default_year=default_year)
    if day is None:
        raise ValueError("empty")
    return day, GlobalFigure.Precision.DAY
