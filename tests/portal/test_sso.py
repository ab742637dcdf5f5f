"""Student SSO against a real OpenID Connect provider (npm oidc-provider) started by the tests."""

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from planetcampus.accounts.models import User
from planetcampus.portal.models import PortalVisit

pytestmark = pytest.mark.django_db(transaction=True)

CALLBACK = "http://testserver/sso/callback/"


def sign_in_at_provider(authorize_url, login="lea.martin", password="mse-password"):
    """Walk the provider's pages like a browser; return the callback query."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    for _ in range(10):
        location = response.headers.get("Location")
        if location and location.startswith(CALLBACK):
            return parse_qs(urlsplit(location).query)
        if location:
            response = session.get(urljoin(response.url, location), allow_redirects=False, timeout=10)
            continue
        action = re.search(r'action="([^"]+)"', response.text).group(1)
        response = session.post(urljoin(response.url, action), data={"login": login, "password": password},
                                allow_redirects=False, timeout=10)
    raise AssertionError("the provider never redirected to the portal")


def start(client, visit_key=""):
    response = client.get("/fr/portal/sso/" + (f"?v={visit_key}" if visit_key else ""))
    assert response.status_code == 302
    return response["Location"]


def test_authorization_request_uses_pkce_state_nonce(client, estate, oidc_settings):
    query = parse_qs(urlsplit(start(client)).query)

    visit = PortalVisit.objects.get(sso_state=query["state"][0])
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"] == [visit.sso_nonce]
    assert query["redirect_uri"] == [CALLBACK]
    assert len(visit.sso_code_verifier) >= 43


def test_first_return_prefills_account_form(client, estate, oidc_settings):
    callback = sign_in_at_provider(start(client))
    client.cookies.clear()  # the mini-browser lost its cookies on the way

    response = client.get("/sso/callback/", {"code": callback["code"][0], "state": callback["state"][0]})
    page = client.get(response["Location"]).content.decode()

    assert "/fr/portal/account/" in response["Location"]
    assert 'value="Martin" readonly' in page
    assert 'value="lea.martin@etu.test" readonly' in page
    assert 'name="email"' not in page  # nothing but the password can be typed


def test_account_created_from_sso_claims(client, estate, oidc_settings):
    callback = sign_in_at_provider(start(client))
    location = client.get("/sso/callback/", {"code": callback["code"][0], "state": callback["state"][0]})["Location"]
    key = location.split("v=")[1]

    response = client.post("/fr/portal/account/", {"v": key, "password1": "Velo-Rouge-Lyon-2026",
                                                   "password2": "Velo-Rouge-Lyon-2026", "terms": "on",
                                                   "last_name": "Forged"})

    user = User.objects.get(email="lea.martin@etu.test")
    assert response.status_code == 302
    assert user.last_name == "Martin"  # posted names are ignored
    assert user.sso_subject == "lea.martin"
    assert user.kind == User.Kind.RESIDENT


def test_known_student_goes_straight_through(client, personas, oidc_settings):
    User.objects.filter(email="student@etu.test").update(sso_subject="known.student")
    callback = sign_in_at_provider(start(client), login="known.student")

    response = client.get("/sso/callback/", {"code": callback["code"][0], "state": callback["state"][0]})

    assert response.status_code == 302
    assert response["Location"] == "/fr/selfcare/"
    assert int(client.session["_auth_user_id"]) == personas["resident"].pk


def test_verified_email_links_existing_account(client, personas, oidc_settings):
    callback = sign_in_at_provider(start(client), login="known.student")

    client.get("/sso/callback/", {"code": callback["code"][0], "state": callback["state"][0]})

    assert User.objects.get(email="student@etu.test").sso_subject == "known.student"


def test_state_serves_once(client, estate, oidc_settings):
    callback = sign_in_at_provider(start(client))
    client.get("/sso/callback/", {"code": callback["code"][0], "state": callback["state"][0]})

    replay = client.get("/sso/callback/", {"code": callback["code"][0], "state": callback["state"][0]})

    assert replay.status_code == 400


def test_forged_state_rejected(client, estate, oidc_settings):
    callback = sign_in_at_provider(start(client))

    response = client.get("/sso/callback/", {"code": callback["code"][0], "state": "forged-state"})

    assert response.status_code == 400
    assert not User.objects.filter(email="lea.martin@etu.test").exists()


def test_tampered_verifier_fails_token_exchange(client, estate, oidc_settings):
    callback = sign_in_at_provider(start(client))
    PortalVisit.objects.filter(sso_state=callback["state"][0]).update(sso_code_verifier="x" * 64)

    response = client.get("/sso/callback/", {"code": callback["code"][0], "state": callback["state"][0]})

    assert response.status_code == 502


def test_provider_error_shown(client, estate, oidc_settings):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]

    response = client.get("/sso/callback/", {"error": "access_denied", "state": state})

    assert response.status_code == 400
    assert "MesServices Étudiant" in response.content.decode()


def test_claim_mapping_reads_other_names():
    from planetcampus.portal.conf import claim_mapping
    from planetcampus.portal.oidc import map_claims

    mapping = claim_mapping("last_name=nom,first_name=prenom,email=mail")
    identity = map_claims({"sub": "42", "nom": "Durand", "prenom": "Ana", "mail": "Ana@Etu.Test"}, mapping)

    assert identity == {"subject": "42", "email_verified": False, "last_name": "Durand", "first_name": "Ana", "email": "ana@etu.test"}
