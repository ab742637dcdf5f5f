"""How tests meet real components (FreeRADIUS, Chromium, SMTP...).

Outside CI a missing component skips the test with the command that
installs it; under CI (CI=true) it fails, so a green run means every real
component was exercised.
"""

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_or_skip(executable: str, install_hint: str) -> str:
    path = shutil.which(executable) or (executable if os.path.isfile(executable) else None)
    if path:
        return path
    message = f"{executable} not found: {install_hint}"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)
