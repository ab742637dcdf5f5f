"""Dropping FreeRADIUS's cached MAC re-authentication answers when a right changes.

FreeRADIUS keeps an accepted MAC re-authentication for at most
RADIUS_REAUTH_CACHE_SECONDS (and never past the right's end). When an
account is disabled, a code revoked, a housing record or a device changed,
the platform asks FreeRADIUS's "cache_control" server to drop the entries
of that account's devices on every NAS of their residence. Changes made
with queryset.update() send no signal: they wait for the entry to expire,
which is why the cache time stays short.
"""

import logging
import socket

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from pyrad import packet as radius

from planetcampus.aaa.models import Device

logger = logging.getLogger(__name__)


def evict_user(user) -> int:
    return _evict(Device.objects.filter(user=user))


def evict_device(device) -> int:
    return _evict(Device.objects.filter(pk=device.pk)) if device.pk else _evict_pairs(_pairs_for(device))


def _evict(devices) -> int:
    pairs = []
    for device in devices.select_related("residence"):
        pairs += _pairs_for(device)
    return _evict_pairs(pairs)


def _pairs_for(device):
    """List (MAC, NAS address, SSID) keys the device may be cached under.

    The cache key holds the SSID, so an eviction is sent for each SSID of
    the residence and for requests that carried none.
    """
    from planetcampus.estate.models import Nas, Ssid

    addresses = Nas.objects.filter(residence_id=device.residence_id, active=True).values_list("ip_address", flat=True)
    ssids = [""] + list(Ssid.objects.filter(residence_id=device.residence_id).values_list("name", flat=True))
    return [(device.mac, address, ssid) for address in addresses for ssid in ssids]


def _evict_pairs(pairs) -> int:
    """Send one eviction per (MAC, NAS address, SSID); FreeRADIUS being down is only logged."""
    from planetcampus.aaa.dynauth import dictionary
    from planetcampus.aaa.radius_config import cache_control_secret

    port = getattr(settings, "RADIUS_CACHE_CONTROL_PORT", 18125)
    secret = cache_control_secret().encode()
    sent = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.5)
        for mac, address, ssid in pairs:
            if ":" in address:
                continue  # NOTE: NAS reached over IPv6 are not evicted; their entries expire on their own.
            request = radius.AuthPacket(secret=secret, dict=dictionary(), message_authenticator=True)
            request["User-Name"] = "cache-eviction"
            request["Calling-Station-Id"] = mac
            request["NAS-IP-Address"] = address
            if ssid:
                request["Called-Station-Id"] = f"00-00-00-00-00-00:{ssid}"
            try:
                sock.sendto(request.RequestPacket(), ("127.0.0.1", port))
                sock.recv(4096)
                sent += 1
            except OSError as error:
                logger.warning("re-authentication cache eviction for %s on %s not confirmed: %s", mac, address, error)
    return sent


def _after_commit(function, *args):
    transaction.on_commit(lambda: function(*args))


_DEVICE_FIELDS_THAT_MATTER = {"user", "mac", "residence", "reconnect_allowed"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _user_changed(sender, instance, created=False, update_fields=None, **kwargs):
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    _after_commit(evict_user, instance)


@receiver(post_save, sender=Device)
def _device_saved(sender, instance, created=False, update_fields=None, **kwargs):
    # Accounting saves last_seen all the time; only a change of who or where matters.
    if created or (update_fields is not None and not _DEVICE_FIELDS_THAT_MATTER & set(update_fields)):
        return
    _after_commit(_evict_pairs, _pairs_for(instance))


@receiver(post_delete, sender=Device)
def _device_deleted(sender, instance, **kwargs):
    _after_commit(_evict_pairs, _pairs_for(instance))


def _connect_access_models():
    from planetcampus.access.models import ConnectionCode, Resident

    def code_changed(sender, instance, **kwargs):
        if instance.redeemed_by_id:
            _after_commit(evict_user, instance.redeemed_by)

    def resident_changed(sender, instance, **kwargs):
        if instance.user_id:
            _after_commit(evict_user, instance.user)

    post_save.connect(code_changed, sender=ConnectionCode, weak=False, dispatch_uid="aaa-evict-code")
    post_save.connect(resident_changed, sender=Resident, weak=False, dispatch_uid="aaa-evict-resident")
