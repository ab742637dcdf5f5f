from datetime import date, datetime, timezone

import pytest

from planetcampus.switchover import calendar


@pytest.mark.parametrize(("compatible_on", "switch_on"), [
    (date(2027, 3, 1), date(2027, 4, 1)),
    (date(2027, 3, 10), date(2027, 4, 1)),
    (date(2027, 3, 11), date(2027, 5, 1)),
    (date(2027, 3, 31), date(2027, 5, 1)),
    (date(2026, 12, 10), date(2027, 1, 1)),
    (date(2026, 12, 11), date(2027, 2, 1)),
    (date(2026, 11, 30), date(2027, 1, 1)),
    (date(2028, 2, 29), date(2028, 4, 1)),
])
def test_first_switch_after_compatibility(compatible_on, switch_on):
    assert calendar.first_switch_after(compatible_on) == switch_on


def test_selection_day_of_january_is_previous_december():
    assert calendar.selection_day(date(2027, 1, 1)) == date(2026, 12, 10)


def test_seven_am_stays_seven_am_across_dst():
    before = calendar.paris_time(date(2027, 3, 27), calendar.RESIDENT_ANNOUNCE_TIME)
    after = calendar.paris_time(date(2027, 3, 29), calendar.RESIDENT_ANNOUNCE_TIME)
    autumn = calendar.paris_time(date(2027, 11, 1), calendar.RESIDENT_ANNOUNCE_TIME)

    assert before.astimezone(timezone.utc) == datetime(2027, 3, 27, 6, 0, tzinfo=timezone.utc)
    assert after.astimezone(timezone.utc) == datetime(2027, 3, 29, 5, 0, tzinfo=timezone.utc)
    assert autumn.astimezone(timezone.utc) == datetime(2027, 11, 1, 6, 0, tzinfo=timezone.utc)


def test_add_months_crosses_year_end():
    assert calendar.add_months(date(2026, 12, 31), 2) == date(2027, 2, 1)
    assert calendar.add_months(date(2027, 1, 31), -1) == date(2026, 12, 1)
