"""Self-care fixtures: a resident of Lyon A (private WiFi on) with a housing record, and a visitor."""

from datetime import date, datetime

import pytest
import time_machine

from planetcampus.core.clock import PARIS

# A Thursday in term time, away from any DST change.
TODAY = datetime(2026, 11, 12, 10, 0, tzinfo=PARIS)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=True) as traveller:
        yield traveller


@pytest.fixture
def resident(personas, estate):
    from planetcampus.access.models import Resident

    user = personas["resident"]
    Resident.objects.create(residence=estate["lyon_a"], last_name="Dupont", first_name="Marjolaine",
                            email=user.email, arrival_on=date(2026, 9, 1), departure_on=date(2027, 6, 30), user=user)
    return user


@pytest.fixture
def visitor(estate):
    from planetcampus.access.models import ConnectionCode
    from planetcampus.accounts.models import User
    from planetcampus.core.clock import now
    from datetime import timedelta

    user = User.objects.create_user("visitor@etu.test", "Correct-Horse-42", kind=User.Kind.VISITOR, first_name="Li")
    ConnectionCode.objects.create(code="WXCRF6HK", kind="visitor", residence=estate["lyon_a"],
                                  valid_from=now() - timedelta(days=1), valid_until=now() + timedelta(days=3),
                                  redeemed_by=user, redeemed_at=now())
    return user
