"""MAC addresses as NAS write them, turned into one form.

Seen on the wire: `AA-BB-CC-DD-EE-FF` (RFC 3580, hostapd, CoovaChilli),
`aabbccddeeff` (hostapd MAC-ACL User-Name, Cisco MAB), `aa:bb:cc:dd:ee:ff`
(many controllers), `aabb.ccdd.eeff` (Cisco IOS), `aabb-ccdd-eeff` (some
switches), and a Called-Station-Id of `AA-BB-CC-DD-EE-FF:SSID`. We store
`aa:bb:cc:dd:ee:ff` and keep the SSID apart.
"""

import re

_HEX = re.compile(r"[0-9a-f]{12}")
# A MAC in any of the forms above, then an optional ":SSID" suffix. The
# separated forms are listed first so "aa:bb:..:ff:Wifi" is not read as a
# 12-digit MAC followed by junk.
_CALLED = re.compile(
    r"^\s*(?P<mac>(?:[0-9a-f]{2}[-:.]){5}[0-9a-f]{2}"
    r"|[0-9a-f]{4}[.-][0-9a-f]{4}[.-][0-9a-f]{4}"
    r"|[0-9a-f]{12})"
    r"(?::(?P<ssid>.*))?$",
    re.IGNORECASE,
)


class InvalidMac(ValueError):
    pass


def normalise_mac(text: str) -> str:
    """Return `aa:bb:cc:dd:ee:ff`, or raise InvalidMac naming the value."""
    mac, _ssid = split_station_id(text)
    if mac is None:
        raise InvalidMac(f"{text!r} is not a MAC address (expected for example AA-BB-CC-DD-EE-FF).")
    return mac


def try_normalise_mac(text: str | None) -> str | None:
    """Return the normalised MAC, or None when the text holds none."""
    if not text:
        return None
    return split_station_id(text)[0]


def split_station_id(text: str) -> tuple[str | None, str]:
    """Split a Called- or Calling-Station-Id into (MAC or None, SSID).

    A Cisco WLC may send `APname:SSID`: then there is no MAC and the SSID
    is what follows the last colon.
    """
    text = (text or "").strip()
    match = _CALLED.match(text)
    if match is None:
        ssid = text.rsplit(":", 1)[1] if ":" in text else ""
        return None, ssid
    digits = re.sub(r"[^0-9a-f]", "", match.group("mac").lower())
    if not _HEX.fullmatch(digits):
        return None, match.group("ssid") or ""
    mac = ":".join(digits[i:i + 2] for i in range(0, 12, 2))
    return mac, match.group("ssid") or ""


def is_randomised(mac: str) -> bool:
    """True for a locally administered address (bit 1 of the first octet).

    iOS 14+, Android 10+ and Windows use such per-network private addresses;
    the seed deck's own example 0E:23:45:6A:02:0E is one.
    """
    first_octet = int(normalise_mac(mac)[:2], 16)
    return bool(first_octet & 0x02)


def dashed_upper(mac: str) -> str:
    """The RFC 3580 form some NAS expect back in Calling-Station-Id."""
    return normalise_mac(mac).replace(":", "-").upper()
