"""Percentages as spreadsheets show them."""

from decimal import ROUND_HALF_UP, Decimal


def percent(part: int, whole: int) -> int | None:
    """Return part/whole as a whole percentage rounded half up (57.5 gives 58), None when whole is 0.

    Python's round() rounds half to even (12.5 gives 12) where the deck's
    spreadsheets show 13, so the division is done in Decimal.
    """
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
