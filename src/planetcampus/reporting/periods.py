"""Months, evenings and contract clocks, built in Europe/Paris and compared in UTC.

A report month runs from the 1st at 00:00 Paris time to the 1st of the next
month at 00:00, so its real length is 672 to 745 hours: February 2020 has 696,
March 2020 has 743 (the clocks go forward) and October 2020 has 745.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property

from planetcampus.core.clock import PARIS, local_today

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
BUSINESS_START, BUSINESS_END = time(8), time(18)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        match = MONTH_PATTERN.match(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"invalid month {text!r}: write it as YYYY-MM, for example 2020-02.")
        if not 2000 <= int(match.group(1)) <= 2100:
            raise ValueError(f"month {text!r} is out of range: give a month between 2000-01 and 2100-12.")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def last_complete(cls, today: date | None = None) -> "Month":
        today = today or local_today()
        return cls(today.year, today.month).previous()

    @classmethod
    def of(cls, moment: datetime) -> "Month":
        local = moment.astimezone(PARIS)
        return cls(local.year, local.month)

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> "Month":
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @cached_property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @cached_property
    def start(self) -> datetime:
        """The first instant of the month, in UTC."""
        return datetime.combine(self.first_day, time(0), PARIS).astimezone(UTC)

    @cached_property
    def end(self) -> datetime:
        """The first instant of the next month, in UTC (the month is [start, end))."""
        return self.next().start

    @cached_property
    def seconds(self) -> float:
        # Subtracting UTC instants counts the hour lost or gained at a DST change.
        return (self.end - self.start).total_seconds()

    def days(self):
        day = self.first_day
        while day.month == self.month:
            yield day
            day += timedelta(days=1)


def clip(start: datetime, end: datetime, month: Month) -> tuple[datetime, datetime] | None:
    """Return the part of [start, end) inside the month, or None."""
    low, high = max(start, month.start), min(end, month.end)
    return (low, high) if high > low else None


def union_seconds(intervals) -> float:
    """Return the length of the union of [start, end) intervals, in seconds."""
    total, current_start, current_end = 0.0, None, None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += (current_end - current_start).total_seconds()
    return total


def easter_sunday(year: int) -> date:
    """Return Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month = (h + weekday_shift - 7 * m + 114) // 31
    day = (h + weekday_shift - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def french_public_holidays(year: int) -> set[date]:
    """Return the eleven national public holidays of mainland France."""
    easter = easter_sunday(year)
    fixed = {date(year, 1, 1), date(year, 5, 1), date(year, 5, 8), date(year, 7, 14),
             date(year, 8, 15), date(year, 11, 1), date(year, 11, 11), date(year, 12, 25)}
    return fixed | {easter + timedelta(days=1), easter + timedelta(days=39), easter + timedelta(days=50)}


def business_seconds(start: datetime, end: datetime) -> float:
    """Return the time between two instants that falls in French business hours.

    Business hours are Monday to Friday, 08:00 to 18:00 Paris time, public
    holidays excluded, as in "GTR 4 h HO" contracts.
    """
    if end <= start:
        return 0.0
    total = 0.0
    day = start.astimezone(PARIS).date()
    last_day = end.astimezone(PARIS).date()
    holidays: dict[int, set[date]] = {}
    while day <= last_day:
        if day.isoweekday() <= 5 and day not in holidays.setdefault(day.year, french_public_holidays(day.year)):
            opening = datetime.combine(day, BUSINESS_START, PARIS)
            closing = datetime.combine(day, BUSINESS_END, PARIS)
            low, high = max(start, opening), min(end, closing)
            if high > low:
                total += (high - low).total_seconds()
        day += timedelta(days=1)
    return total


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.isoweekday() % 7))


def paris_summer_time(year: int) -> tuple[datetime, datetime]:
    """Return the UTC instants where Paris summer time starts and ends (EU rule in force since 1996)."""
    return (datetime.combine(_last_sunday(year, 3), time(1), UTC),
            datetime.combine(_last_sunday(year, 10), time(1), UTC))


def paris_wall_clock_sql(column: str, first_year: int, last_year: int) -> str:
    """Return SQL turning a naive UTC timestamp column into Paris wall-clock time.

    A CASE over the summer-time periods of the years covered is much faster
    in DuckDB than an ICU time-zone conversion per row; a test compares it
    with zoneinfo hour by hour.
    """
    periods = []
    for year in range(first_year, last_year + 1):
        start, end = paris_summer_time(year)
        periods.append(f"({column} >= TIMESTAMP '{start:%Y-%m-%d %H:%M:%S}' AND {column} < TIMESTAMP '{end:%Y-%m-%d %H:%M:%S}')")
    summer = " OR ".join(periods) or "false"
    return f"({column} + CASE WHEN {summer} THEN INTERVAL 2 HOUR ELSE INTERVAL 1 HOUR END)"
