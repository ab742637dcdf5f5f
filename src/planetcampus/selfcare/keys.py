"""Private WiFi keys: generation, uniqueness and the derived PMK.

Keys use the connection-code alphabet (access.codes), which has no
look-alike characters, so a key read from a phone screen and typed on a
games console is typed right the first time. WPA2 asks for 8 to 63
characters; 12 symbols of a 21-letter alphabet give about 7e15 keys, which
keeps an offline dictionary attack on a captured handshake out of reach
where 8 symbols (about 4e10) would not.
"""

import hashlib
import secrets

from django.conf import settings

from planetcampus.access.codes import CODE_ALPHABET

KEY_ALPHABET = CODE_ALPHABET
KEY_LENGTH = getattr(settings, "PRIVATE_WIFI_KEY_LENGTH", 12)
WPA_MIN_LENGTH = 8
WPA_MAX_LENGTH = 63

if not WPA_MIN_LENGTH <= KEY_LENGTH <= WPA_MAX_LENGTH:
    raise ValueError(f"PRIVATE_WIFI_KEY_LENGTH={KEY_LENGTH} is outside WPA2's 8 to 63 characters.")


def generate_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def unique_key(taken) -> str:
    """Return a new key not in `taken` (a container of the residence's keys)."""
    for _attempt in range(100):
        key = generate_key()
        if key not in taken:
            return key
    # 100 collisions in a 7e15 space means the random source is broken.
    raise RuntimeError("No unique WiFi key found after 100 attempts.")


def pmk_for(key: str, ssid: str) -> bytes:
    """Return the WPA2 pairwise master key (IEEE 802.11 PSK mapping, PBKDF2 with 4096 rounds)."""
    return hashlib.pbkdf2_hmac("sha1", key.encode(), ssid.encode(), 4096, 32)
