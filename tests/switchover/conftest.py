"""Helpers to build residences that become compatible on a given day, with people to notify."""

from datetime import date, timedelta

import pytest

from planetcampus.rollout.services import record_change


def make_compatible(residence, on: date):
    """Record rollout history so that the three criteria hold from `on`."""
    record_change(residence, "contract", "planetcampus", on - timedelta(days=40))
    record_change(residence, "target_bandwidth", "not_needed", on - timedelta(days=20))
    record_change(residence, "worksite", "works", on - timedelta(days=20))
    record_change(residence, "worksite", "delivered", on)


@pytest.fixture
def make_residence(estate, personas):
    from planetcampus.access.models import Resident
    from planetcampus.estate.models import Nas, Residence

    created = []

    def build(code, *, compatible_on=None, crous=None, phones=("06 12 34 56 78",), languages=None, manager=True,
              offer="smartcampus"):
        residence = Residence.objects.create(code=code, name=f"Résidence {code}", crous=crous or estate["lyon"],
                                             dwellings=100, city="Lyon", offer=offer)
        if compatible_on:
            make_compatible(residence, compatible_on)
        for index, phone in enumerate(phones):
            language = (languages or {}).get(index, "fr")
            Resident.objects.create(residence=residence, last_name=f"Nom{index}", first_name=f"Prénom{index}",
                                    phone=phone, language=language)
        Nas.objects.create(residence=residence, identifier=f"{code}-gw", ip_address=f"10.0.{len(created)}.1",
                           vendor="hostapd", secret_ref=f"{code}-gw")
        if manager:
            personas["manager"].staff_roles.get().residences.add(residence)
        created.append(residence)
        return residence

    return build


@pytest.fixture
def dsi_contact(estate):
    from planetcampus.estate.models import DsiContact

    return DsiContact.objects.create(crous=estate["lyon"], name="DSI Lyon", email="dsi-liste@crous-lyon.test")


from tests.messaging.conftest import real_transports, sms_gateway, smtp_server  # noqa: E402, F401 (shared fixtures)
