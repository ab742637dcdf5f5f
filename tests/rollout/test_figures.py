import pytest

from planetcampus.rollout.figures import percent


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (23, 40, 58),    # 57.5 rounds up, as spreadsheets do
    (4, 32, 13),     # 12.5: Python's round() would give 12
    (3, 8, 38),      # 37.5
    (1, 39, 3),      # 2.56
    (412, 707, 58),
    (335, 707, 47),
    (0, 41, 0),
    (27, 27, 100),
])
def test_percent_rounds_half_up(part, whole, expected):
    assert percent(part, whole) == expected


def test_percent_of_nothing_is_none():
    assert percent(0, 0) is None
