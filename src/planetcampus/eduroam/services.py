"""State changes of the eduroam service provider, each in one transaction."""

import logging

from django.db import transaction

from planetcampus.core import audit
from planetcampus.estate.models import Residence, Ssid

logger = logging.getLogger(__name__)


def set_eduroam(residence: Residence, enabled: bool, *, actor) -> bool:
    """Turn eduroam on or off in a residence; return whether anything changed.

    Used by the operators' toggle and by the switch-over checklist. The
    residence's `eduroam` SSID (purpose eduroam) is created or switched to
    match, for the NAS configuration. After the commit, the FreeRADIUS
    fragments are written again and the running server is asked to read
    them, so the change applies within seconds.
    """
    with transaction.atomic():
        locked = Residence.objects.select_for_update().get(pk=residence.pk)
        if locked.eduroam_enabled == enabled:
            residence.eduroam_enabled = enabled
            return False

        locked.eduroam_enabled = enabled
        locked.save(update_fields=["eduroam_enabled"])
        residence.eduroam_enabled = enabled
        _match_ssid(locked, enabled)
        audit.record(actor, "eduroam.enabled" if enabled else "eduroam.disabled", locked, crous=locked.crous,
                     residence=locked.code)
        transaction.on_commit(_apply_to_freeradius)

    logger.info("eduroam %s in residence %s", "enabled" if enabled else "disabled", residence.code)
    return True


def _match_ssid(residence: Residence, enabled: bool) -> None:
    # eduroam policy: the SSID is exactly "eduroam", lower case.
    ssid = Ssid.objects.filter(residence=residence, purpose=Ssid.Purpose.EDUROAM).first()
    if ssid is None and enabled:
        Ssid.objects.create(residence=residence, name="eduroam", purpose=Ssid.Purpose.EDUROAM)
    elif ssid is not None and ssid.active != enabled:
        ssid.active = enabled
        ssid.save(update_fields=["active"])


def _apply_to_freeradius() -> None:
    from planetcampus.eduroam.reload import reload_if_deployed

    reload_if_deployed()
