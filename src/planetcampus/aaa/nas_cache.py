"""The NAS inventory as the RADIUS endpoints read it, cached in each process.

Every Access-Request and Accounting-Request names its NAS; reading the NAS,
its residence and the residence's SSIDs costs three queries that almost
never change. Each worker keeps them for NAS_CACHE_SECONDS and drops them
at once when a Nas, Residence or Ssid is saved in the same process;
other workers see the change within that delay.
"""

import threading
import time
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from planetcampus.estate.models import Nas, Residence, Ssid

NAS_CACHE_SECONDS = 30

_lock = threading.Lock()
_entries: dict[str, tuple[float, "KnownNas | None"]] = {}


@dataclass(frozen=True)
class KnownNas:
    nas: Nas
    ssid_purposes: dict[str, str]

    def purpose_of(self, ssid_name: str) -> str:
        return self.ssid_purposes.get(ssid_name, "")


def nas_for_address(address: str) -> KnownNas | None:
    """The active NAS at this source address, or None."""
    moment = time.monotonic()
    with _lock:
        cached = _entries.get(address)
    if cached and cached[0] > moment:
        return cached[1]
    known = _load(address)
    with _lock:
        _entries[address] = (moment + NAS_CACHE_SECONDS, known)
    return known


def _load(address: str) -> KnownNas | None:
    nas = Nas.objects.select_related("residence", "residence__crous").filter(ip_address=address, active=True).first()
    if nas is None:
        return None
    purposes = dict(Ssid.objects.filter(residence_id=nas.residence_id, active=True).values_list("name", "purpose"))
    return KnownNas(nas=nas, ssid_purposes=purposes)


def clear() -> None:
    with _lock:
        _entries.clear()


@receiver([post_save, post_delete], sender=Nas)
@receiver([post_save, post_delete], sender=Residence)
@receiver([post_save, post_delete], sender=Ssid)
def _inventory_changed(**kwargs):
    clear()
