"""Fixtures for the portal tests: codes, a gateway visit, a clean cache."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command

from planetcampus.core.clock import now

CLIENT_MAC = "0E-23-45-6A-02-0E"
CHALLENGE = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def clean_cache(db):
    """Rate-limit counters live in the cache: start every test from zero."""
    call_command("createcachetable", verbosity=0)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def codes(estate):
    from planetcampus.access.models import ConnectionCode, Resident

    moment = now()
    resident = Resident.objects.create(residence=estate["lyon_a"], last_name="Martin", first_name="Léa",
                                       email="lea.martin@etu.test", external_id="R-001")

    def make(code, kind="visitor", **fields):
        values = {"residence": estate["lyon_a"], "valid_from": moment - timedelta(days=1),
                  "valid_until": moment + timedelta(days=30)}
        values.update(fields)
        return ConnectionCode.objects.create(code=code, kind=kind, **values)

    return {
        "resident": make("WXCRF64H", kind="resident", resident=resident),
        "visitor": make("HJKM7934", max_devices=2, session_seconds=4 * 3600),
        "expired": make("AC3467EF", valid_from=moment - timedelta(days=10), valid_until=moment - timedelta(days=2)),
        "revoked": make("GHJKMNPR", revoked_at=moment - timedelta(hours=1)),
        "future": make("TWXY3467", valid_from=moment + timedelta(days=2)),
        "resident_record": resident,
    }


def coova_query(**overrides):
    query = {"res": "notyet", "uamip": "10.1.0.1", "uamport": "3990", "challenge": CHALLENGE,
             "called": "AA-BB-CC-00-11-22", "mac": CLIENT_MAC, "ip": "10.1.0.23", "ssid": "PlanetCampus",
             "nasid": "lyon-a-gw1", "sessionid": "5f3e0001", "userurl": "http://example.org/news"}
    query.update(overrides)
    return query


@pytest.fixture
def gateway_visit(client, estate):
    """A visit opened by the CoovaChilli gateway of Lyon A; returns its key."""
    response = client.get("/hotspot/", coova_query())
    assert response.status_code == 302
    return response["Location"].split("v=")[1]


OIDC_CLIENT_ID = "planetcampus-portal"
OIDC_CLIENT_SECRET = "portal-test-secret-0123456789abcdef"
OIDC_ACCOUNTS = {
    "lea.martin": {"password": "mse-password", "claims": {
        "email": "lea.martin@etu.test", "email_verified": True, "given_name": "Léa", "family_name": "Martin"}},
    "known.student": {"password": "mse-password", "claims": {
        "email": "student@etu.test", "email_verified": True, "given_name": "Marjolaine", "family_name": "Dupont"}},
}


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    """A real OpenID Connect provider (npm oidc-provider) on loopback."""
    from tests.portal.tools import OidcProvider

    client = {"client_id": OIDC_CLIENT_ID, "client_secret": OIDC_CLIENT_SECRET,
              "redirect_uris": ["http://testserver/sso/callback/", f"{live_server.url}/sso/callback/"],
              "grant_types": ["authorization_code"], "response_types": ["code"]}
    provider = OidcProvider([client], OIDC_ACCOUNTS)
    yield provider
    provider.stop()


@pytest.fixture
def oidc_settings(settings, oidc_provider):
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = OIDC_CLIENT_ID
    settings.OIDC_CLIENT_SECRET = OIDC_CLIENT_SECRET
    return oidc_provider
