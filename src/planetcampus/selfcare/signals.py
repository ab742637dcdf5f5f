"""Keep stored PMKs in step with the private SSIDs: a PMK depends on the SSID's name."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def private_ssid_changed(sender, instance, **kwargs):
    """Recompute a residence's PMKs after a private SSID was added, renamed, switched off or deleted."""
    from planetcampus.selfcare.services import refresh_pmks

    residence_id = instance.residence_id

    def refresh():
        from planetcampus.estate.models import Residence

        residence = Residence.objects.filter(pk=residence_id).first()
        if residence is not None:
            changed = refresh_pmks(residence)
            if changed:
                logger.info("%d PMK(s) of residence %s changed after SSID %s changed", changed, residence.code,
                            instance.name)

    transaction.on_commit(refresh)
