"""Session attributes of an offer, written the way each NAS vendor reads them.

| vendor       | rate limit                                         | VLAN                         |
|--------------|----------------------------------------------------|------------------------------|
| CoovaChilli  | WISPr-Bandwidth-Max-Up/Down (bit/s)                | —                            |
| openNDS      | WISPr-Bandwidth-Max-Up/Down (bit/s)                | —                            |
| MikroTik     | Mikrotik-Rate-Limit "up/down" (rx/tx, k suffix)    | Tunnel-* (RFC 3580)          |
| Cisco WLC    | Airespace-Data-Bandwidth-Average-Contract(-Upstream) (kbit/s) | Tunnel-* (RFC 3580) |
| Aruba        | Aruba-User-Role (role holds the rate on the controller) | Aruba-User-Vlan         |
| Ruckus       | — (rate from the WLAN profile)                     | Ruckus-VLAN-ID               |
| hostapd      | — (no rate limiting in hostapd)                    | Tunnel-* (RFC 3580)          |

Every Accept also carries Session-Timeout (the shorter of the offer's
session length and the time left on the right), Idle-Timeout and
Acct-Interim-Interval.
"""

import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from planetcampus.aaa.models import OfferProfile

# Used when no OfferProfile row exists for an offer and account kind.
DEFAULT_PROFILE = OfferProfile(offer="planetcampus", account_kind="resident", down_kbps=None, up_kbps=None,
                               idle_timeout=1800, interim_interval=600, vlan=None)

WISPR_VENDORS = {"coovachilli", "opennds"}
RFC3580_VLAN_VENDORS = {"hostapd", "mikrotik", "cisco", "other"}


def session_reply(*, vendor: str, profile: OfferProfile, session_timeout: int) -> dict[str, str | list[str]]:
    reply: dict[str, str | list[str]] = {
        "Session-Timeout": str(max(1, session_timeout)),
        "Idle-Timeout": str(profile.idle_timeout),
        "Acct-Interim-Interval": str(profile.interim_interval),
    }
    reply.update(_rate_attributes(vendor, profile))
    reply.update(_vlan_attributes(vendor, profile))
    return reply


def _rate_attributes(vendor: str, profile: OfferProfile) -> dict[str, str]:
    if not profile.down_kbps and not profile.up_kbps:
        return {}
    up, down = profile.up_kbps or 0, profile.down_kbps or 0
    if vendor in WISPR_VENDORS:
        return {"WISPr-Bandwidth-Max-Up": str(up * 1000), "WISPr-Bandwidth-Max-Down": str(down * 1000)}
    if vendor == "mikrotik":
        # MikroTik reads rx/tx from the router's side: rx is the client's upload.
        return {"Mikrotik-Rate-Limit": f"{up}k/{down}k"}
    if vendor == "cisco":
        return {"Airespace-Data-Bandwidth-Average-Contract": str(down),
                "Airespace-Data-Bandwidth-Average-Contract-Upstream": str(up)}
    if vendor == "aruba":
        return {"Aruba-User-Role": f"planetcampus-{profile.offer}-{profile.account_kind}"}
    return {}


def _vlan_attributes(vendor: str, profile: OfferProfile) -> dict[str, str]:
    if not profile.vlan:
        return {}
    if vendor == "aruba":
        return {"Aruba-User-Vlan": str(profile.vlan)}
    if vendor == "ruckus":
        return {"Ruckus-VLAN-ID": str(profile.vlan)}
    if vendor in RFC3580_VLAN_VENDORS:
        return {"Tunnel-Type": "VLAN", "Tunnel-Medium-Type": "IEEE-802", "Tunnel-Private-Group-Id": str(profile.vlan)}
    return {}


_PROFILE_SECONDS = 30
_profiles: dict[tuple[str, str], tuple[float, OfferProfile]] = {}


def profile_for(offer: str, account_kind: str) -> OfferProfile:
    """The offer's terms, kept 30 s in each process (they change a few times a year)."""
    key, moment = (offer, account_kind), time.monotonic()
    cached = _profiles.get(key)
    if cached and cached[0] > moment:
        return cached[1]
    profile = OfferProfile.objects.filter(offer=offer, account_kind=account_kind).first() or DEFAULT_PROFILE
    _profiles[key] = (moment + _PROFILE_SECONDS, profile)
    return profile


@receiver([post_save, post_delete], sender=OfferProfile)
def _profile_changed(**kwargs):
    _profiles.clear()
