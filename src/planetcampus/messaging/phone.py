"""Phone numbers: validation and E.164 normalisation.

French numbers are written many ways ("06 12 34 56 78", "06.12.34.56.78",
"+33 6 12 34 56 78", "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78",
"33612345678"); the SMS gateway
takes E.164 only. Foreign numbers are accepted when written with their
country prefix, because residents often keep the number of their home country.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "FR"
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _parse(text: str) -> phonenumbers.PhoneNumber:
    raw = (text or "").strip()
    # "+33 (0)6 12 34 56 78": the bracketed trunk zero is not dialled after the country code.
    compact = re.sub(r"[\s.\-/]", "", raw).replace("(0)", "")
    compact = re.sub(r"[()]", "", compact)

    # "33612345678": a French international number whose "+" was dropped, which
    # the library would otherwise read as an eleven-digit national number.
    if re.fullmatch(r"33[1-9]\d{8}", compact):
        compact = "+" + compact
    try:
        return phonenumbers.parse(compact, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("“%(value)s” is not a phone number: write it as 06 12 34 56 78 or +33 6 12 34 56 78."),
            code="invalid_phone", params={"value": raw},
        ) from None


def normalise_phone(text: str) -> str:
    """Return `text` as an E.164 number ("+33612345678").

    Raises ValidationError naming the value when it is not a valid number.
    """
    number = _parse(text)
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number: check the digits and the country prefix."),
            code="invalid_phone", params={"value": (text or "").strip()},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_mobile(text: str) -> str:
    """Return `text` as an E.164 mobile number, or raise ValidationError (SMS need a mobile)."""
    e164 = normalise_phone(text)
    if phonenumbers.number_type(phonenumbers.parse(e164)) not in MOBILE_TYPES:
        raise ValidationError(
            _("“%(value)s” is not a mobile number and cannot receive text messages."),
            code="not_mobile", params={"value": (text or "").strip()},
        )
    return e164
