"""eduroam settings read from the environment (documented in docs/eduroam.md).

settings.py holds the platform-wide ones (RADIUS_API_TOKEN,
CONNECTION_LOG_RETENTION_DAYS); the eduroam service provider's own knobs
live here so the app can be read and tested on its own.
"""

from pathlib import Path

from django.conf import settings

from planetcampus.config import ConfigurationError, env_int, env_list, env_path, env_str

# Our realm, sent to the home institution as Operator-Name "1<realm>"
# (RFC 5580 namespace 1 = REALM) so it can see where its user roams.
OPERATOR_REALM = env_str("EDUROAM_OPERATOR_REALM", "planetcampus.fr").strip().lower()

# The UDP port of the eduroam virtual server. NAS point the eduroam SSID's
# 802.1X authentication at this port and the other SSIDs at the main one.
RADIUS_PORT = env_int("EDUROAM_RADIUS_PORT", 1814)
LISTEN_ADDRESS = env_str("EDUROAM_LISTEN_ADDRESS", "*")

# Realm suffixes rejected locally: they can never be routed by eduroam.
# 3gppnetwork.org is what phones put in the outer identity of SIM-based EAP
# (EAP-SIM/AKA); the others are defaults left unconfigured on devices.
REJECTED_REALMS = [
    realm.lower().lstrip(".")
    for realm in env_list(
        "EDUROAM_REJECTED_REALMS",
        ["3gppnetwork.org", "myabc.com", "example.com", "example.net", "example.org", "local", "localhost",
         "localdomain", "invalid", "test"],
    )
]

# FreeRADIUS configuration directory holding our fragments, and how to make
# the running server read them again after a change.
RADIUS_CONFIG_DIR = env_path("EDUROAM_RADIUS_CONFIG_DIR", Path(settings.DATA_DIR) / "freeradius")
RADIUS_PID_FILE = env_path("EDUROAM_RADIUS_PID_FILE", RADIUS_CONFIG_DIR / "run" / "freeradius.pid")
# Command run when a change needs a restart (clients, listeners and home
# servers are read only at start), e.g. "systemctl restart freeradius".
RADIUS_RESTART_COMMAND = env_str("EDUROAM_RADIUS_RESTART_COMMAND", "")
# Base URL FreeRADIUS uses to post authentication logs to the platform.
RADIUS_API_URL = env_str("EDUROAM_RADIUS_API_URL", "http://127.0.0.1:8000").rstrip("/")

# Timers of the federation proxies (seconds). RESPONSE_WINDOW is how long
# FreeRADIUS waits for a proxy before marking it a zombie and trying the
# next one: an eduroam answer crosses several proxies and may take seconds,
# but every request sent to a proxy that just died waits this long, and
# NAS give up after about 30 s. FreeRADIUS's own default is 20.
RESPONSE_WINDOW = env_int("EDUROAM_RESPONSE_WINDOW", 10)
ZOMBIE_PERIOD = env_int("EDUROAM_ZOMBIE_PERIOD", 40)
REVIVE_INTERVAL = env_int("EDUROAM_REVIVE_INTERVAL", 120)
CHECK_INTERVAL = env_int("EDUROAM_CHECK_INTERVAL", 30)
CHECK_TIMEOUT = env_int("EDUROAM_CHECK_TIMEOUT", 4)
ANSWERS_TO_ALIVE = env_int("EDUROAM_ANSWERS_TO_ALIVE", 3)


def check() -> None:
    """Raise ConfigurationError for values FreeRADIUS would reject later."""
    if not 1 <= RADIUS_PORT <= 65535:
        raise ConfigurationError(f"EDUROAM_RADIUS_PORT={RADIUS_PORT} is invalid: use a UDP port, 1 to 65535.")
    if "." not in OPERATOR_REALM or " " in OPERATOR_REALM:
        raise ConfigurationError(
            f"EDUROAM_OPERATOR_REALM={OPERATOR_REALM!r} is invalid: use a domain name such as planetcampus.fr."
        )
    if not 1 <= RESPONSE_WINDOW <= 60:
        raise ConfigurationError(f"EDUROAM_RESPONSE_WINDOW={RESPONSE_WINDOW} is invalid: use 1 to 60 seconds.")
