import pytest
from django.core.exceptions import ValidationError

from planetcampus.messaging.phone import normalise_mobile, normalise_phone

FRENCH_MOBILE_SPELLINGS = [
    "06 12 34 56 78",
    "06.12.34.56.78",
    "06-12-34-56-78",
    "0612345678",
    "+33 6 12 34 56 78",
    "+33 (0)6 12 34 56 78",
    "+33612345678",
    "0033 6 12 34 56 78",
    "0033612345678",
    "33612345678",
    " 06 12 34 56 78 ",
]


@pytest.mark.parametrize("written", FRENCH_MOBILE_SPELLINGS)
def test_french_mobile_spellings_normalise_to_e164(written):
    assert normalise_phone(written) == "+33612345678"


def test_foreign_number_with_country_prefix_is_kept():
    assert normalise_phone("+49 151 23456789") == "+4915123456789"


@pytest.mark.parametrize("written", ["0612", "06 12 34 56 78 90 12", "hello", "", "+33 6"])
def test_invalid_number_names_the_value(written):
    with pytest.raises(ValidationError) as raised:
        normalise_phone(written)
    assert written.strip() in raised.value.messages[0]


def test_landline_is_not_a_mobile():
    assert normalise_phone("01 23 45 67 89") == "+33123456789"
    with pytest.raises(ValidationError) as raised:
        normalise_mobile("01 23 45 67 89")
    assert raised.value.code == "not_mobile"
