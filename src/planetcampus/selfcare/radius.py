"""The RADIUS answer on a private-WiFi SSID: the resident's key and VLAN.

The AAA endpoint calls `authorize_private_wifi` for every Access-Request
whose SSID has the purpose "private". The station is found in this order:

1. handshake material in the request (hostapd `wpa_psk_radius=3`, Ruckus
   unbound DPSK): the key whose MIC matches, searched among the active
   keys of the NAS's residence only; the MAC is then bound to it;
2. its MAC address bound to a subscription (registered in self-care, or
   learned from an earlier handshake);
3. its MAC address seen before as a non-randomised device of a subscriber
   (a laptop that first used the captive SSID keeps its address here).

Anything else is rejected with a Reply-Message. Attribute names are those
of the dictionaries in Debian's freeradius-common 3.2.1
(/usr/share/freeradius/dictionary.{rfc2868,rfc3580,cisco,aruba,ruckus,mikrotik}).
"""

import logging
from datetime import datetime, time, timedelta

from django.utils.translation import gettext as _

from planetcampus.aaa.decisions import Decision
from planetcampus.access.rights import RESIDENT_SESSION_SECONDS, current_right
from planetcampus.core.clock import PARIS, local_today, now
from planetcampus.selfcare import services
from planetcampus.selfcare.handshake import Handshake, HandshakeError, matching
from planetcampus.selfcare.keys import pmk_for
from planetcampus.selfcare.models import BoundDevice, PairwiseMasterKey, PrivateWifiSubscription

logger = logging.getLogger(__name__)

VLAN_ATTRIBUTES = {"Tunnel-Type", "Tunnel-Medium-Type", "Tunnel-Private-Group-Id", "Aruba-User-Vlan",
                   "Ruckus-VLAN-ID", "Mikrotik-Wireless-VLANID", "Mikrotik-Wireless-VLANID-Type"}


def authorize_private_wifi(nas, ssid, attributes: dict[str, str]) -> Decision:
    ssid_name = getattr(ssid, "name", ssid) or _ssid_from(attributes)
    residence = nas.residence
    if not residence.private_wifi_enabled:
        return Decision.reject(_("The private WiFi option is not active in this residence."))

    station = _station_mac(attributes)
    handshake = _handshake(attributes, station)
    if isinstance(handshake, str):
        return Decision.reject(handshake)

    if handshake is not None:
        subscription = _bound_and_matching(residence, ssid_name, station, handshake) or _search_handshake(
            residence, ssid_name, handshake)
        if subscription is None:
            logger.info("Private WiFi handshake from %s on NAS %s matched no key", station, nas.identifier)
            return Decision.reject(_("This WiFi key is not valid on this network."))
        services.learn_device(subscription, station)
    else:
        subscription = _by_mac(residence, station)
        if subscription is None:
            return Decision.reject(_("This device is not registered for private WiFi. Add it in your self-care space."))

    right = current_right(subscription.user)
    if not services.is_active(subscription, local_today(), right=right):
        return Decision.reject(_("The private WiFi option of this account is not active."))
    logger.info("Private WiFi accept for subscription %s, station %s, NAS %s", subscription.pk, station, nas.identifier)
    if station is not None:
        from planetcampus.aaa.policy import learn_device

        learn_device(subscription.user, station, nas=nas, purpose="private")
    reply = {**_session_attributes(nas, subscription, right), **vendor_reply(nas.vendor, subscription, ssid_name)}
    decision = Decision(accept=True, reason="private_wifi", reply=reply)
    # The AAA endpoint reads these to learn the device and link accounting
    # to the account: on a private SSID the User-Name is only a MAC address.
    decision.user = subscription.user
    decision.subscription = subscription
    return decision


def vendor_reply(vendor: str, subscription: PrivateWifiSubscription, ssid_name: str) -> dict[str, str | list[str]]:
    """Return the reply attributes that carry the key and VLAN for this NAS vendor."""
    vlan = str(subscription.vlan)
    # RFC 3580 section 3.31: the VLAN triple most access points honour.
    tunnel = {"Tunnel-Type": "VLAN", "Tunnel-Medium-Type": "IEEE-802", "Tunnel-Private-Group-Id": vlan}
    key = subscription.key
    if vendor == "cisco":
        # Cisco iPSK (AireOS 8.5+, IOS-XE 9800): two Cisco-AVPair values.
        return {"Cisco-AVPair": ["psk-mode=ascii", f"psk={key}"], **tunnel}
    if vendor == "aruba":
        # Aruba-MPSK-Passphrase is "octets encrypt=2": sent as hex so no
        # character of the key is read as syntax.
        return {"Aruba-MPSK-Passphrase": "0x" + key.encode().hex(), "Aruba-User-Vlan": vlan}
    if vendor == "ruckus":
        # Ruckus wants the PMK, not the passphrase: 0x00 then the 32 bytes.
        return {"Ruckus-Dpsk": "0x00" + pmk_for(key, ssid_name).hex(), **tunnel}
    if vendor == "mikrotik":
        return {"Mikrotik-Wireless-PSK": key, "Mikrotik-Wireless-VLANID": vlan, "Mikrotik-Wireless-VLANID-Type": "0"}
    # hostapd (wpa_psk_radius) and every other NAS read RFC 2868 Tunnel-Password.
    return {"Tunnel-Password": key, **tunnel}


def _bound_and_matching(residence, ssid_name: str, station: str, handshake: Handshake):
    """Try the key the station used last time first: one MIC check instead of a search."""
    subscription = _by_mac(residence, station)
    if subscription is None or subscription.cancelled_at is not None:
        return None
    pmk = subscription.pmks.filter(ssid=ssid_name).values_list("pmk", flat=True).first()
    return subscription if pmk is not None and handshake.matches(bytes(pmk)) else None


def _session_attributes(nas, subscription, right) -> dict[str, str | list[str]]:
    """Return the offer's session terms (rates, interim accounting), ending with the option's validity.

    The Session-Timeout makes the access point ask again at the end of the
    last valid day, and Acct-Interim-Interval feeds the consumption chart.
    """
    from planetcampus.aaa.attributes import profile_for, session_reply

    limits = [right.session_seconds or RESIDENT_SESSION_SECONDS]
    if right.seconds_remaining is not None:
        limits.append(right.seconds_remaining)
    if subscription.valid_until is not None:
        end = datetime.combine(subscription.valid_until + timedelta(days=1), time.min, tzinfo=PARIS)
        limits.append(int((end - now()).total_seconds()))
    profile = profile_for(nas.residence.offer, subscription.user.kind)
    reply = session_reply(vendor=nas.vendor, profile=profile, session_timeout=max(1, min(limits)))
    # The subscriber's own VLAN replaces any VLAN of the offer.
    return {name: value for name, value in reply.items() if name not in VLAN_ATTRIBUTES}


def _search_handshake(residence, ssid_name: str, handshake: Handshake):
    candidates = (PairwiseMasterKey.objects
                  .filter(subscription__residence=residence, subscription__cancelled_at__isnull=True, ssid=ssid_name)
                  .values_list("subscription_id", "pmk"))
    owners = matching(handshake, candidates)
    if len(owners) > 1:
        # Keys are unique per residence, so two matches mean two subscriptions
        # share a PMK: refuse rather than pick one resident's VLAN at random.
        logger.error("Handshake on %s matched %d subscriptions: %s", ssid_name, len(owners), owners)
        return None
    if not owners:
        return None
    return PrivateWifiSubscription.objects.select_related("residence", "user").get(pk=owners[0])


def _by_mac(residence, mac: str | None):
    if mac is None:
        return None
    bound = BoundDevice.objects.select_related("subscription__residence", "subscription__user").filter(
        residence=residence, mac=mac).first()
    if bound is not None:
        return bound.subscription
    from planetcampus.aaa.models import Device

    # A randomised address is per network, so only a fixed one seen on
    # another SSID identifies the same device here.
    owner_ids = Device.objects.filter(mac=mac, randomised=False).values("user")
    return (PrivateWifiSubscription.objects.select_related("residence", "user")
            .filter(residence=residence, user__in=owner_ids, cancelled_at__isnull=True).first())


def _station_mac(attributes) -> str | None:
    from planetcampus.aaa.macs import normalise_mac

    for name in ("Calling-Station-Id", "User-Name"):
        value = _first(attributes.get(name))
        if value:
            try:
                return normalise_mac(value)
            except ValueError:
                continue
    return None


def _handshake(attributes, station: str | None):
    """Return a Handshake, None when the request carries none, or a rejection message."""
    anonce = _first(attributes.get("FreeRADIUS-802.1X-Anonce") or attributes.get("Ruckus-DPSK-Anonce"))
    eapol = _first(attributes.get("FreeRADIUS-802.1X-EAPoL-Key-Msg") or attributes.get("Ruckus-DPSK-EAPOL-Key-Frame"))
    if not anonce and not eapol:
        return None
    bssid = _bssid(attributes)
    if station is None or bssid is None or not anonce or not eapol:
        return _("The WiFi handshake is incomplete (ANonce, EAPOL frame, access point or station address missing).")
    try:
        return Handshake(_mac_bytes(bssid), _mac_bytes(station), _octets(anonce), _octets(eapol))
    except (HandshakeError, ValueError) as error:
        logger.warning("Unusable handshake from %s: %s", station, error)
        return _("The WiFi handshake cannot be checked: %(error)s") % {"error": error}


def _bssid(attributes) -> str | None:
    from planetcampus.aaa.macs import normalise_mac

    candidates = [
        _first(attributes.get("Called-Station-MAC")),
        _first(attributes.get("Ruckus-BSSID")),
        (_first(attributes.get("Called-Station-Id")) or "").split(":")[0],
    ]
    for value in candidates:
        if not value:
            continue
        if value.lower().startswith("0x"):
            value = value[2:]
        try:
            return normalise_mac(value)
        except ValueError:
            continue
    return None


def _ssid_from(attributes) -> str:
    called = _first(attributes.get("Called-Station-Id")) or ""
    return _first(attributes.get("Called-Station-SSID")) or _first(attributes.get("Ruckus-SSID")) or called.partition(":")[2]


def _first(value):
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value


def _octets(value: str) -> bytes:
    text = value[2:] if value.lower().startswith("0x") else value
    return bytes.fromhex(text)


def _mac_bytes(mac: str) -> bytes:
    return bytes.fromhex(mac.replace(":", ""))
