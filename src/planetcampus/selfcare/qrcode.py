"""The WiFi QR code a phone scans to join the private network."""

import segno
from django.utils.safestring import mark_safe

# Characters the WIFI: URI format reserves; each is escaped with a backslash
# (ZXing "Wi-Fi network config", adopted by the Wi-Fi Alliance's WPA3 spec).
_SPECIAL = '\\;,:"'


def escape(value: str) -> str:
    return "".join("\\" + char if char in _SPECIAL else char for char in value)


def wifi_payload(ssid: str, key: str) -> str:
    return f"WIFI:T:WPA;S:{escape(ssid)};P:{escape(key)};;"


def wifi_svg(ssid: str, key: str, title: str) -> str:
    """Return an inline <svg> QR code of the network; `title` names it for screen readers."""
    qr = segno.make_qr(wifi_payload(ssid, key), error="m")
    return mark_safe(qr.svg_inline(scale=5, border=2, title=title, dark="#1b1f24", light="#ffffff"))
