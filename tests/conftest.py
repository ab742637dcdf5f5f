"""Fixtures shared by every app's tests: the estate and the personas.

Personas: an operator, the Lyon CROUS DSI, a manager of one Lyon residence,
a resident of that residence, and an outsider (a manager in Grenoble) who
must never see anything of Lyon.
"""

import os

import pytest

from tests.support.services import require_or_skip  # noqa: F401 (re-exported for app tests)

PASSWORD = "Correct-Horse-42"


@pytest.fixture
def estate(db):
    from planetcampus.estate.models import Nas, Residence, Ssid
    from planetcampus.estate.services import seed_crous
    from planetcampus.estate.models import Crous

    seed_crous()
    lyon = Crous.objects.get(code="lyon")
    grenoble = Crous.objects.get(code="grenoble")
    residences = {
        "lyon_a": Residence.objects.create(code="lyon-a", name="Résidence André Allix", crous=lyon, dwellings=120,
                                           fibred_dwellings=120, backhaul="fibre", offer="planetcampus",
                                           private_wifi_enabled=True),
        "lyon_b": Residence.objects.create(code="lyon-b", name="Résidence Benjamin Delessert", crous=lyon, dwellings=80,
                                           backhaul="adsl", offer="smartcampus"),
        "grenoble_a": Residence.objects.create(code="grenoble-a", name="Résidence Ouest", crous=grenoble,
                                               dwellings=300, backhaul="fibre", offer="planetcampus"),
    }
    Nas.objects.create(residence=residences["lyon_a"], identifier="lyon-a-gw1", ip_address="127.0.0.1",
                       vendor="coovachilli", secret_ref="lyon-a-gw1")
    Nas.objects.create(residence=residences["grenoble_a"], identifier="grenoble-a-gw1", ip_address="127.0.0.2",
                       vendor="hostapd", secret_ref="grenoble-a-gw1")
    Ssid.objects.create(residence=residences["lyon_a"], name="PlanetCampus", purpose="captive")
    Ssid.objects.create(residence=residences["lyon_a"], name="PlanetCampus-Prive", purpose="private")
    return {"lyon": lyon, "grenoble": grenoble, **residences}


def _staff(email, role, crous=None, residences=()):
    from planetcampus.accounts.models import StaffRole, User

    user = User.objects.create_user(email, PASSWORD, kind=User.Kind.STAFF, first_name=email.split("@")[0])
    staff_role = StaffRole.objects.create(user=user, role=role, crous=crous)
    staff_role.residences.set(residences)
    return user


@pytest.fixture
def personas(estate):
    from planetcampus.accounts.models import User

    operator = _staff("operator@planetcampus.test", "operator")
    operator.is_staff = True
    operator.is_superuser = True
    operator.save()
    return {
        "operator": operator,
        "dsi": _staff("dsi@crous-lyon.test", "dsi", crous=estate["lyon"]),
        "manager": _staff("manager@crous-lyon.test", "manager", residences=[estate["lyon_a"]]),
        "outsider": _staff("manager@crous-grenoble.test", "manager", residences=[estate["grenoble_a"]]),
        "resident": User.objects.create_user("student@etu.test", PASSWORD, kind=User.Kind.RESIDENT,
                                             first_name="Marjolaine", last_name="Dupont"),
    }


@pytest.fixture
def client_for(client, personas):
    """Return a function giving a test client signed in as a persona."""

    def sign_in(name):
        client.force_login(personas[name])
        return client

    return sign_in


def pytest_configure(config):
    os.environ.setdefault("DJANGO_ENV", "test")
pytest_plugins = ["tests.support.browser"]
