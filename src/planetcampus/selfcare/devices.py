"""The devices of a private WiFi subscriber, as the self-care page lists them.

A phone with a private (randomised) address uses one address per network,
so the list shows the devices of the private network only: the same phone
on the captive SSID has another address and would otherwise count twice.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from planetcampus.core import audit
from planetcampus.selfcare.models import BoundDevice


@dataclass
class ListedDevice:
    mac: str
    name: str
    randomised: bool
    first_seen: datetime | None
    last_seen: datetime | None
    device_id: int | None  # aaa.Device, once the network has seen it
    bound_id: int | None  # selfcare.BoundDevice, when registered or learned


def private_devices(subscription) -> list[ListedDevice]:
    from planetcampus.aaa.macs import is_randomised
    from planetcampus.aaa.models import Device

    bound = {device.mac: device for device in subscription.bound_devices.all()}
    seen = Device.objects.filter(user=subscription.user, reconnect_allowed=True).filter(
        last_ssid_purpose="private") | Device.objects.filter(
        user=subscription.user, reconnect_allowed=True, mac__in=list(bound))
    listed = []
    for device in seen.order_by("first_seen"):
        binding = bound.pop(device.mac, None)
        listed.append(ListedDevice(device.mac, device.name or (binding.name if binding else ""), device.randomised,
                                   device.first_seen, device.last_seen, device.pk, binding.pk if binding else None))
    for binding in bound.values():
        listed.append(ListedDevice(binding.mac, binding.name, is_randomised(binding.mac), None, None, None, binding.pk))
    return listed


def rename(user, device_id: int, name: str) -> None:
    from planetcampus.aaa.models import Device

    with transaction.atomic():
        device = Device.objects.select_for_update().filter(pk=device_id, user=user).first()
        if device is None:
            raise LookupError("No such device for this account.")
        device.name = name
        device.save(update_fields=["name"])
        BoundDevice.objects.filter(subscription__user=user, mac=device.mac).update(name=name)
        audit.record(user, "device.renamed", device, mac=device.mac, name=name)


def remove(user, *, device_id: int | None = None, bound_id: int | None = None) -> None:
    """Forget a device: it is disconnected and must go through the portal or be registered again.

    Its past consumption stays in the totals, under its address.
    """
    from planetcampus.aaa.models import Device
    from planetcampus.aaa.services import disconnect_device

    with transaction.atomic():
        subscription = getattr(user, "private_wifi", None)
        device = None
        if device_id is not None:
            device = Device.objects.select_for_update().filter(pk=device_id, user=user).first()
            if device is None:
                raise LookupError("No such device for this account.")
            device.reconnect_allowed = False
            device.save(update_fields=["reconnect_allowed"])
        mac = device.mac if device is not None else None
        if subscription is not None:
            bindings = subscription.bound_devices.all()
            bindings = bindings.filter(pk=bound_id) if bound_id is not None else bindings.filter(mac=mac)
            mac = mac or next(iter(bindings.values_list("mac", flat=True)), None)
            bindings.delete()
        if mac is None:
            raise LookupError("No such device for this account.")
        audit.record(user, "device.removed", device, mac=mac)
        if device is not None:
            transaction.on_commit(lambda: disconnect_device(device, reason="device.removed"))
