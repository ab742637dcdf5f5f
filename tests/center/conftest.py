"""Center fixtures: one set of center objects in each of the three residences."""

from datetime import timedelta

import pytest

from tests.center.nas import DisconnectListener
from tests.conftest import PASSWORD


@pytest.fixture
def center_world(estate, personas):
    """Create, in each residence, a batch of visitor codes, a resident with an account and a booking."""
    from planetcampus.access.models import Resident
    from planetcampus.accounts.models import User
    from planetcampus.center.services import onboarding
    from planetcampus.center.services.residents import ensure_resident_code
    from planetcampus.center.services.visitor_codes import VisitorTerms, create_visitor_codes
    from planetcampus.core.clock import now

    world = {}
    start = now() + timedelta(days=3)
    for index, key in enumerate(["lyon_a", "lyon_b", "grenoble_a"]):
        residence = estate[key]
        terms = VisitorTerms(now(), now() + timedelta(days=2), 2, 3600, note=f"Visitor of {key}")
        batch = create_visitor_codes(personas["operator"], residence, terms, count=2)
        account = User.objects.create_user(f"resident-{key}@etu.test", PASSWORD, kind=User.Kind.RESIDENT)
        resident = Resident.objects.create(residence=residence, last_name=f"Name{index}", first_name="Alex",
                                           email=f"resident-{key}@etu.test", phone="+33612345678", user=account)
        code, _created = ensure_resident_code(resident)
        slot = onboarding.publish_slots(personas["operator"], first_start=start + timedelta(hours=index),
                                        minutes=30, count=1)[0]
        booking = onboarding.book(personas["operator"], residence, onboarding.BookingRequest(
            slot_id=slot.pk, contact_phone="06 12 34 56 78", flyer_quantity=50, flyer_languages=["fr", "en"]))
        world[key] = {"residence": residence, "batch": batch, "visitor_code": batch.codes.first(),
                      "resident": resident, "resident_code": code, "booking": booking, "slot": slot}
    return world


@pytest.fixture
def lyon_nas(estate, settings, tmp_path):
    """The Lyon A gateway with its dynamic-authorization port on a listener; returns (nas, listener)."""
    from planetcampus.aaa.secrets import secret_for

    settings.RADIUS_SECRETS_DIR = tmp_path / "secrets"
    settings.RADIUS_DYNAUTH_TIMEOUT = 0.3
    nas = estate["lyon_a"].nas_devices.get()
    listener = DisconnectListener(secret_for(nas))
    nas.coa_port = listener.port
    nas.save()
    yield nas, listener
    listener.close()
