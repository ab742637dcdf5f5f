"""The switch-over calendar, in Europe/Paris time.

Switch-overs happen on the 1st of each month. On the 10th of month M the
residences compatible on that day are selected for the 1st of M+1, so a
residence that becomes compatible on the 11th or later waits for the 1st of
M+2. Times of day are built in Paris time and stored in UTC, so 07:00 stays
07:00 across the DST changes.
"""

from datetime import date, datetime, time, timedelta

from planetcampus.core.clock import PARIS

SELECTION_DAY = 10
MIDNIGHT = time(0, 0)
# The selection runs late on the 10th so that a residence recorded as
# compatible during that day still makes the next wave.
SELECTION_TIME = time(18, 0)
MANAGER_NOTICE_DAYS = 7
MANAGER_NOTICE_TIME = time(9, 0)
RESIDENT_ANNOUNCE_TIME = time(7, 0)
# A 07:00 SMS sent after this hour would arrive mid-day: it is dropped instead.
RESIDENT_ANNOUNCE_LATEST = time(11, 0)
RESIDENT_DONE_TIME = time(15, 0)
# After this hour the "switch-over done" SMS is no longer sent.
RESIDENT_DONE_LATEST = time(21, 0)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """Return the 1st of the month `months` after the month of `day`."""
    years, month_index = divmod(day.month - 1 + months, 12)
    return date(day.year + years, month_index + 1, 1)


def selection_day(switch_on: date) -> date:
    """Return the 10th of the month before `switch_on`."""
    return add_months(switch_on, -1).replace(day=SELECTION_DAY)


def switch_for_selection(selection_on: date) -> date:
    return add_months(selection_on, 1)


def first_switch_after(compatible_on: date) -> date:
    """Return the first switch-over date a residence compatible on `compatible_on` can make."""
    return add_months(compatible_on, 1 if compatible_on.day <= SELECTION_DAY else 2)


def paris_time(day: date, at: time) -> datetime:
    """Return `day` at the Paris wall-clock time `at`, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=PARIS)


def manager_notice_day(switch_on: date) -> date:
    return switch_on - timedelta(days=MANAGER_NOTICE_DAYS)
