from datetime import date
from decimal import Decimal

import pytest

from planetcampus.core.tabular import normalise_header, parse_date, parse_decimal, parse_int, read_csv_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,5", Decimal("12.5")), ("1 234,5", Decimal("1234.5")), ("1.234,5", Decimal("1234.5")),
     ("100 Mb/s", Decimal("100")), ("99,65 %", Decimal("99.65")), ("", None), ("\u00a0", None)],
)
def test_parse_decimal_french_forms(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["douze", "12,5,3", "1-2"])
def test_parse_decimal_rejects_words(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_parse_int_rejects_fraction():
    with pytest.raises(ValueError):
        parse_int("12,5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("01/10/2020", date(2020, 10, 1)), ("1/9/20", date(2020, 9, 1)), ("2020-02-29", date(2020, 2, 29)),
     ("22/01", date(2020, 1, 22))],
)
def test_parse_date_forms(text, expected):
    assert parse_date(text, default_year=2020) == expected


@pytest.mark.parametrize("text", ["31/02/2020", "22/01", "demain"])
def test_parse_date_rejects_bad(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_headers_compared_without_accents():
    assert normalise_header("Débit cible (Mb/s)") == "debit cible mb s"


def test_csv_rows_keep_starting_line():
    table = read_csv_text("x.csv", 'a;b\n1;"two\nlines"\n\n3;4\n')

    assert [row.line for row in table.rows] == [2, 5]
