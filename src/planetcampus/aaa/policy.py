"""Who gets on the network: the answer to one Access-Request.

Order of the checks:
1. the NAS must be known and active, its residence on the PlanetCampus
   offer and open;
2. on a private-WiFi SSID, self-care decides (the resident's own key);
3. a MAC-authentication request (User-Name is the station's MAC) lets a
   known device back in without the portal while its account has a right;
4. anything else is a captive sign-in with the portal's one-time
   credentials.
Every refusal carries a Reply-Message the gateway can show.
"""

import logging

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from planetcampus.aaa import attributes as vendor_attributes
from planetcampus.aaa.decisions import Decision
from planetcampus.aaa.macs import split_station_id, try_normalise_mac
from planetcampus.aaa.models import AccountingSession, Device
from planetcampus.aaa.nas_cache import KnownNas
from planetcampus.access.rights import current_right
from planetcampus.core.clock import local_today, now

logger = logging.getLogger(__name__)


def decide(known: KnownNas | None, request: dict[str, str]) -> Decision:
    if known is None:
        return Decision.reject(_("This network equipment is not registered with PlanetCampus."))
    nas = known.nas
    refusal = _residence_refusal(nas.residence)
    if refusal:
        return Decision.reject(refusal)

    station = try_normalise_mac(request.get("Calling-Station-Id"))
    _called_mac, ssid = split_station_id(request.get("Called-Station-Id", ""))
    if known.purpose_of(ssid) == "private":
        return _private_wifi(nas, ssid, request)

    username = request.get("User-Name", "")
    if station and try_normalise_mac(username) == station:
        return mac_reauthentication(nas, station)
    return captive_sign_in(nas, username, request.get("User-Password", ""), station)


def _residence_refusal(residence) -> str:
    if residence.offer != "planetcampus":
        return _("This residence is not on the PlanetCampus offer yet.")
    if residence.closed_on and residence.closed_on <= local_today():
        return _("This residence is closed.")
    return ""


def _private_wifi(nas, ssid, request) -> Decision:
    try:
        from planetcampus.selfcare.radius import authorize_private_wifi
    except ImportError:
        logger.error("private WiFi request on NAS %s rejected: planetcampus.selfcare.radius is missing", nas.identifier)
        return Decision.reject(_("Private WiFi is not available yet."))
    decision = authorize_private_wifi(nas, ssid, request)
    user = getattr(decision, "user", None)
    if decision.accept and user is not None and "Class" not in decision.reply:
        decision.control["Tmp-String-2"] = account_tag(user)
    return decision


def mac_reauthentication(nas, station: str) -> Decision:
    """A device that signed in through the portal before comes back alone."""
    # One query: the device, its account and the account's housing record (read by current_right).
    devices = (Device.objects.select_related("user", "user__resident").filter(mac=station, reconnect_allowed=True)
               .filter(Q(residence_id=nas.residence_id) | Q(residence__isnull=True)).order_by("-last_seen")[:3])
    if not devices:
        return Decision.reject(_("This device is not known: sign in on the portal."))
    refusal = ""
    for device in devices:
        decision = _accept_for(device.user, nas, station)
        if decision.accept:
            logger.debug("MAC re-authentication accepted for device %s, NAS %s", device.pk, nas.identifier)
            # FreeRADIUS may answer this device alone for a while; never past the right's end.
            seconds = min(reauth_cache_seconds(), int(decision.reply["Session-Timeout"]))
            decision.control["Cache-TTL"] = str(seconds)
            return decision
        refusal = refusal or decision.reason
    return Decision.reject(refusal)


def captive_sign_in(nas, username: str, password: str, station: str | None) -> Decision:
    from planetcampus.portal.handoff import verify_one_time_credentials

    login = verify_one_time_credentials(username, password, calling_station_id=station or "", nas=nas)
    if login is None:
        return Decision.reject(_("These sign-in details are not valid or have expired: sign in on the portal again."))
    decision = _accept_for(login.user, nas, station, session_seconds=login.session_seconds)
    if decision.accept and station:
        learn_device(login.user, station, nas=nas, purpose="captive")
    return decision


def _accept_for(user, nas, station: str | None, *, session_seconds: int = 0) -> Decision:
    right = current_right(user)
    if not right.active:
        return Decision.reject(right.reason)
    if right.residence_id is not None and right.residence_id != nas.residence_id:
        return Decision.reject(_("Your access is valid in another residence."))
    if right.max_devices and _too_many_devices(user, station, right.max_devices):
        return Decision.reject(_("Too many devices are connected with this account. Disconnect one first."))

    timeout = min(filter(None, [session_seconds, right.session_seconds, right.seconds_remaining]), default=86400)
    profile = vendor_attributes.profile_for(nas.residence.offer, user.kind)
    reply = vendor_attributes.session_reply(vendor=nas.vendor, profile=profile, session_timeout=timeout)
    return Decision(accept=True, reason="accept", reply=reply, control={"Tmp-String-2": account_tag(user)})


def _too_many_devices(user, station, limit: int) -> bool:
    macs = (AccountingSession.objects.filter(user=user, stopped_at__isnull=True)
            .exclude(mac=station or "").values_list("mac", flat=True).distinct())
    return len(set(macs[:limit + 1])) >= limit


def account_tag(user) -> str:
    """The start of the Class FreeRADIUS sends: "pc:<account id>".

    FreeRADIUS appends a random part at every authentication (post-auth);
    the NAS echoes Class in accounting (RFC 2865 section 5.25), which names
    the account and makes Acct-Unique-Session-Id new after a NAS reboot.
    """
    return f"pc:{user.pk}"


def reauth_cache_seconds() -> int:
    return getattr(settings, "RADIUS_REAUTH_CACHE_SECONDS", 300)


def learn_device(user, mac: str, *, nas, purpose: str, seen_at=None) -> Device:
    from planetcampus.aaa.macs import is_randomised

    seen_at = seen_at or now()
    device, created = Device.objects.get_or_create(
        user=user, mac=mac,
        defaults={"first_seen": seen_at, "last_seen": seen_at, "randomised": is_randomised(mac),
                  "residence_id": nas.residence_id, "last_ssid_purpose": purpose},
    )
    if created:
        logger.info("device %s learned for user %s at NAS %s", device.pk, user.pk, nas.identifier)
        return device
    changed = []
    if seen_at > device.last_seen:
        device.last_seen, changed = seen_at, changed + ["last_seen"]
    if device.residence_id != nas.residence_id:
        device.residence_id, changed = nas.residence_id, changed + ["residence"]
    if purpose and device.last_ssid_purpose != purpose:
        device.last_ssid_purpose, changed = purpose, changed + ["last_ssid_purpose"]
    if changed:
        device.save(update_fields=changed)
    return device
