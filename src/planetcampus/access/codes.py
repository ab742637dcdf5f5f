"""Connection-code alphabet, generation and normalisation.

The alphabet drops characters people confuse when reading a code aloud or
from a flyer: 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B and U/V. That leaves 21
symbols, so an 8-character code has 21**8 (about 3.8e10) values.
"""

import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CODE_ALPHABET = "34679ACEFGHJKMNPRTWXY"  # no look-alikes; see the module docstring
CODE_LENGTH = 8
# Separators people type or that phones insert when copying a code.
_IGNORED = str.maketrans("", "", " -_.\u00a0\u2010\u2011\u2013")


def generate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """Return the canonical form of a typed code, or raise ValidationError.

    Case is ignored, and so are spaces and dashes ("wxcr-f65h").
    """
    code = (raw or "").translate(_IGNORED).upper()
    if len(code) != CODE_LENGTH:
        raise ValidationError(
            _("The code must have %(length)d characters; you typed %(count)d.")
            % {"length": CODE_LENGTH, "count": len(code)},
            code="length",
        )
    wrong = sorted({char for char in code if char not in CODE_ALPHABET})
    if wrong:
        raise ValidationError(
            _("The code contains characters that codes never use: %(characters)s. Check the code you were given.")
            % {"characters": " ".join(wrong)},
            code="alphabet",
        )
    return code
