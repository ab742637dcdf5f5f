"""State changes of the private WiFi option, one function each.

Every change a person makes runs in a transaction and records an audit
event. The network side effects (disconnecting the devices that used an
old key) run after commit, so a rolled-back change never cuts anyone off.
`learn_device` and `refresh_pmks` are bookkeeping of the RADIUS side and
are not audited.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from planetcampus.access.rights import current_right
from planetcampus.core import audit
from planetcampus.core.clock import local_today, now
from planetcampus.selfcare.keys import pmk_for, unique_key
from planetcampus.selfcare.models import BoundDevice, PairwiseMasterKey, PrivateWifiSubscription

logger = logging.getLogger(__name__)

VLAN_FIRST = getattr(settings, "PRIVATE_WIFI_VLAN_FIRST", 1000)
VLAN_LAST = getattr(settings, "PRIVATE_WIFI_VLAN_LAST", 3999)
# The resident may renew from this many days before the end of validity.
RENEWAL_WINDOW_DAYS = 30


class SubscriptionRefused(Exception):
    """The account cannot hold the private WiFi option; the message gives the reason, translated."""


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: str = ""
    residence: object = None
    housing_end: date | None = None


def eligibility(user) -> Eligibility:
    """Say whether `user` may subscribe: a resident with a right, in a residence with the option."""
    if user.kind != user.Kind.RESIDENT:
        return Eligibility(False, _("The private WiFi option is for residents; visitors use the PlanetCampus network."))
    right = current_right(user)
    if not right.active:
        return Eligibility(False, right.reason)
    resident = getattr(user, "resident", None)
    if resident is None:
        return Eligibility(False, _("Your account is not linked to a housing record yet. Your residence's desk can link it."))
    residence = resident.residence
    if not residence.private_wifi_enabled:
        return Eligibility(False, _("The private WiFi option is not available in %(residence)s yet.") % {"residence": residence.name})
    return Eligibility(True, residence=residence, housing_end=resident.departure_on)


def is_active(subscription: PrivateWifiSubscription | None, today: date | None = None, *, right=None) -> bool:
    """Tell whether the key works today: not cancelled, within validity, account still entitled."""
    if subscription is None or subscription.cancelled_at is not None:
        return False
    today = today or local_today()
    if subscription.valid_until is not None and subscription.valid_until < today:
        return False
    if not subscription.residence.private_wifi_enabled:
        return False
    resident = getattr(subscription.user, "resident", None)
    if resident is None or resident.residence_id != subscription.residence_id:
        # The resident moved to another residence: this key belongs to the old one.
        return False
    return (right or current_right(subscription.user)).active


def private_ssids(residence) -> list[str]:
    return list(residence.ssids.filter(purpose="private", active=True).values_list("name", flat=True))


def subscribe(user) -> PrivateWifiSubscription:
    """Give `user` the free private WiFi option, or reactivate a cancelled one with a new key."""
    check = eligibility(user)
    if not check.allowed:
        raise SubscriptionRefused(check.reason)

    with transaction.atomic():
        existing = PrivateWifiSubscription.objects.select_for_update().filter(user=user).first()
        if existing is not None and existing.cancelled_at is None and existing.residence_id == check.residence.pk:
            return existing
        if existing is not None:
            existing.delete()
        subscription = _create(user, check.residence, check.housing_end)
        audit.record(user, "private_wifi.subscribed", subscription, crous=check.residence.crous,
                     residence=check.residence.code, vlan=subscription.vlan,
                     valid_until=subscription.valid_until.isoformat() if subscription.valid_until else None)
    logger.info("Private WiFi subscription %s created for user %s", subscription.pk, user.pk)
    return subscription


def _create(user, residence, housing_end) -> PrivateWifiSubscription:
    # Lock the residence's rows so two subscriptions at once cannot pick the
    # same key or VLAN; the unique constraints are the last guard.
    rows = PrivateWifiSubscription.objects.select_for_update().filter(residence=residence)
    taken_keys = set(rows.values_list("key", flat=True))
    taken_vlans = set(rows.values_list("vlan", flat=True))
    vlan = next((v for v in range(VLAN_FIRST, VLAN_LAST + 1) if v not in taken_vlans), None)
    if vlan is None:
        raise SubscriptionRefused(_("Every private network of your residence is taken. Please call customer service."))
    moment = now()
    subscription = PrivateWifiSubscription.objects.create(
        user=user, residence=residence, key=unique_key(taken_keys), vlan=vlan,
        subscribed_at=moment, key_changed_at=moment, valid_until=housing_end,
    )
    _store_pmks(subscription)
    return subscription


def _store_pmks(subscription: PrivateWifiSubscription) -> None:
    subscription.pmks.all().delete()
    PairwiseMasterKey.objects.bulk_create([
        PairwiseMasterKey(subscription=subscription, ssid=ssid, pmk=pmk_for(subscription.key, ssid))
        for ssid in private_ssids(subscription.residence)
    ])


def refresh_pmks(residence) -> int:
    """Bring stored PMKs in line with the residence's private SSIDs; return how many changed.

    Only missing PMKs are derived, since PBKDF2 costs milliseconds per key and SSID.
    """
    wanted = set(private_ssids(residence))
    changed = 0
    with transaction.atomic():
        for subscription in residence.private_wifi_subscriptions.select_for_update().prefetch_related("pmks"):
            stored = {pmk.ssid for pmk in subscription.pmks.all()}
            changed += subscription.pmks.exclude(ssid__in=wanted).delete()[0]
            missing = wanted - stored
            PairwiseMasterKey.objects.bulk_create([
                PairwiseMasterKey(subscription=subscription, ssid=ssid, pmk=pmk_for(subscription.key, ssid))
                for ssid in missing
            ])
            changed += len(missing)
    return changed


def reset_key(subscription: PrivateWifiSubscription, *, actor) -> PrivateWifiSubscription:
    """Give the subscription a new key; the old one stops at once and its devices are disconnected."""
    with transaction.atomic():
        subscription = PrivateWifiSubscription.objects.select_for_update().get(pk=subscription.pk)
        taken = set(PrivateWifiSubscription.objects.select_for_update()
                    .filter(residence=subscription.residence_id).values_list("key", flat=True))
        subscription.key = unique_key(taken)
        subscription.key_changed_at = now()
        subscription.save(update_fields=["key", "key_changed_at"])
        _store_pmks(subscription)
        audit.record(actor, "private_wifi.key_reset", subscription, crous=subscription.residence.crous,
                     residence=subscription.residence.code)
        transaction.on_commit(lambda: disconnect_private_devices(subscription, reason="private_wifi.key_reset"))
    logger.info("Private WiFi key of subscription %s reset", subscription.pk)
    return subscription


def disconnect_private_devices(subscription: PrivateWifiSubscription, *, reason: str) -> int:
    """Send a Disconnect-Request for every open session of the subscriber on the private SSID.

    Sessions on the captive SSID stay up: they never used the key.
    """
    from django.db.models import Q

    from planetcampus.aaa.models import AccountingSession
    from planetcampus.aaa.services import disconnect_sessions

    bound = list(subscription.bound_devices.values_list("mac", flat=True))
    ssids = private_ssids(subscription.residence)
    sessions = AccountingSession.objects.filter(Q(user=subscription.user) | Q(mac__in=bound)).filter(
        Q(ssid__in=ssids) | Q(device__last_ssid_purpose="private"))
    sent = disconnect_sessions(sessions, reason=reason)
    logger.info("Sent %d Disconnect-Request(s) for subscription %s (%s)", sent, subscription.pk, reason)
    return sent


def renewal_open(subscription: PrivateWifiSubscription, today: date | None = None) -> bool:
    if subscription.valid_until is None:
        return False
    today = today or local_today()
    return (subscription.valid_until - today).days <= RENEWAL_WINDOW_DAYS


def renew(subscription: PrivateWifiSubscription, *, actor) -> PrivateWifiSubscription:
    """Extend the validity to the end of the current housing contract."""
    resident = getattr(subscription.user, "resident", None)
    housing_end = resident.departure_on if resident is not None else None
    if not renewal_open(subscription):
        raise SubscriptionRefused(_("Renewal opens %(days)d days before the end of validity.") % {"days": RENEWAL_WINDOW_DAYS})
    if not current_right(subscription.user).active:
        raise SubscriptionRefused(current_right(subscription.user).reason)
    if housing_end is not None and housing_end <= subscription.valid_until:
        raise SubscriptionRefused(
            _("Your housing contract ends on %(date)s, so the option cannot go further. If your stay is extended, your residence's desk updates it.")
            % {"date": housing_end.strftime("%d/%m/%Y")})
    with transaction.atomic():
        subscription.valid_until = housing_end
        subscription.validity_source = PrivateWifiSubscription.ValiditySource.HOUSING
        subscription.renewed_at = now()
        subscription.save(update_fields=["valid_until", "validity_source", "renewed_at"])
        audit.record(actor, "private_wifi.renewed", subscription, crous=subscription.residence.crous,
                     valid_until=housing_end.isoformat() if housing_end else None)
    return subscription


def set_validity(subscription: PrivateWifiSubscription, valid_until: date | None, *, actor) -> PrivateWifiSubscription:
    """Let a manager set the last day of validity (None: follow the housing contract)."""
    with transaction.atomic():
        if valid_until is None:
            resident = getattr(subscription.user, "resident", None)
            subscription.valid_until = resident.departure_on if resident is not None else None
            subscription.validity_source = PrivateWifiSubscription.ValiditySource.HOUSING
        else:
            subscription.valid_until = valid_until
            subscription.validity_source = PrivateWifiSubscription.ValiditySource.MANAGER
        subscription.save(update_fields=["valid_until", "validity_source"])
        audit.record(actor, "private_wifi.validity_set", subscription, crous=subscription.residence.crous,
                     valid_until=subscription.valid_until.isoformat() if subscription.valid_until else None,
                     source=subscription.validity_source)
    return subscription


def cancel(subscription: PrivateWifiSubscription, *, actor) -> None:
    """End the option: the key stops at once and the devices on it are disconnected."""
    with transaction.atomic():
        subscription.cancelled_at = now()
        subscription.save(update_fields=["cancelled_at"])
        audit.record(actor, "private_wifi.cancelled", subscription, crous=subscription.residence.crous)
        transaction.on_commit(lambda: disconnect_private_devices(subscription, reason="private_wifi.cancelled"))


def register_device(subscription: PrivateWifiSubscription, mac: str, name: str, *, actor) -> BoundDevice:
    """Bind a MAC address to the subscription before the device first joins."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                device = BoundDevice.objects.create(
                    subscription=subscription, residence=subscription.residence, mac=mac, name=name,
                    source=BoundDevice.Source.REGISTERED, created_at=now(),
                )
        except IntegrityError:
            raise SubscriptionRefused(
                _("The address %(mac)s is already registered in your residence. Check the address, or remove it from the other account first.")
                % {"mac": mac}) from None
        audit.record(actor, "private_wifi.device_registered", device, crous=subscription.residence.crous, mac=mac)
    return device


def learn_device(subscription: PrivateWifiSubscription, mac: str) -> None:
    """Remember that `mac` used this subscription's key, so the next request is answered by MAC.

    A binding to another subscription is moved: the handshake proved which
    key the device holds now.
    """
    with transaction.atomic():
        binding = BoundDevice.objects.select_for_update().filter(residence=subscription.residence, mac=mac).first()
        if binding is not None and binding.subscription_id == subscription.pk:
            return
        if binding is not None:
            logger.info("Device %s moves from subscription %s to %s", mac, binding.subscription_id, subscription.pk)
            binding.delete()
        BoundDevice.objects.create(subscription=subscription, residence=subscription.residence, mac=mac,
                                   source=BoundDevice.Source.LEARNED, created_at=now())
