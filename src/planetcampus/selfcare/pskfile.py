"""Export of a residence's keys in hostapd's `wpa_psk_file` format.

For access points that hold the keys themselves (hostapd `wpa_psk_file`,
OpenWrt `wpa_psk_file`/PPSK): one line per active key,

    keyid=pc-42 vlanid=1003 00:00:00:00:00:00 WXCRF65HKTAM

The all-zero MAC makes the key valid for any station; hostapd tries each
such key against the handshake and puts the station on the line's VLAN.
The keyid names the subscription without personal data, and hostapd
writes it in its AP-STA-CONNECTED event (hostapd.conf, wpa_psk_file).
"""

from planetcampus.core.clock import local_today, now
from planetcampus.selfcare import services
from planetcampus.selfcare.models import PrivateWifiSubscription

ANY_STATION = "00:00:00:00:00:00"


def keyid_for(subscription) -> str:
    return f"pc-{subscription.pk}"


def wpa_psk_file(residence) -> str:
    today = local_today()
    subscriptions = (PrivateWifiSubscription.objects.filter(residence=residence, cancelled_at__isnull=True)
                     .select_related("user", "residence").order_by("vlan"))
    lines = [
        f"# PlanetCampus private WiFi keys of {residence.code}, generated {now():%Y-%m-%dT%H:%M:%SZ}",
        "# Format: hostapd wpa_psk_file (keyid=<id> vlanid=<VLAN> <station MAC> <passphrase>)",
    ]
    active = [subscription for subscription in subscriptions if services.is_active(subscription, today)]
    for subscription in active:
        lines.append(f"keyid={keyid_for(subscription)} vlanid={subscription.vlan} {ANY_STATION} {subscription.key}")
    lines.append(f"# {len(active)} key(s)")
    return "\n".join(lines) + "\n"
