"""The one way to read the current time.

Everything that depends on "now" calls these functions, so that tests can
freeze the clock (time-machine) and the worker can be replayed at a given date.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")


def now() -> datetime:
    """Return the current aware datetime in UTC."""
    return timezone.now()


def local_now() -> datetime:
    """Return the current datetime in Europe/Paris."""
    return timezone.now().astimezone(PARIS)


def local_today() -> date:
    return local_now().date()
