"""Where RADIUS shared secrets live: one per NAS, never in the database.

`Nas.secret_ref` names the secret. The file store keeps each one in
`RADIUS_SECRETS_DIR/<ref>` (mode 0600), created with a random value the
first time the NAS is configured. Secrets are never logged; the generated
FreeRADIUS configuration is written with mode 0600 for the same reason.
"""

import logging
import os
import re
import secrets
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

_SAFE_REF = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")


def secrets_dir() -> Path:
    return Path(getattr(settings, "RADIUS_SECRETS_DIR", Path(settings.DATA_DIR) / "secrets"))


def secret_for(nas, *, create: bool = True) -> str:
    """Return the NAS's shared secret, creating it when missing."""
    path = _path(nas.secret_ref)
    if path.exists():
        return path.read_text().strip()
    if not create:
        raise KeyError(f"No RADIUS secret stored under {nas.secret_ref!r}.")
    # Hexadecimal: no leading "-" that tools such as radclient read as an option.
    return set_secret(nas.secret_ref, secrets.token_hex(16))


def set_secret(ref: str, value: str) -> str:
    # FreeRADIUS quotes the secret in clients.conf: keep to characters that
    # need no escaping there.
    if not re.fullmatch(r"[A-Za-z0-9_.~+/=-]{12,128}", value):
        raise ValueError("A RADIUS secret is 12 to 128 letters, digits or _.~+/=- characters.")
    path = _path(ref)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value)
    logger.info("RADIUS secret %s stored", ref)
    return value


def _path(ref: str) -> Path:
    if not _SAFE_REF.match(ref or ""):
        raise ValueError(f"{ref!r} is not a valid secret reference (letters, digits, _ . -).")
    return secrets_dir() / ref
