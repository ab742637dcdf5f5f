"""Sign-in paths through Django's test client: codes, accounts, passwords, reconnect."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from planetcampus.access.models import ConnectionCode
from planetcampus.accounts.models import User
from planetcampus.core.clock import now
from planetcampus.portal.handoff import verify_one_time_credentials
from planetcampus.portal.models import PortalLogin, PortalVisit
from tests.conftest import PASSWORD
from tests.portal.conftest import CLIENT_MAC

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Velo-Rouge-Lyon-2026"


def account_fields(**overrides):
    fields = {"last_name": "Martin", "first_name": "Léa", "email": "lea@etu.test", "email2": "lea@etu.test",
              "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "terms": "on"}
    fields.update(overrides)
    return fields


def test_home_shows_deck_wording(client):
    page = client.get("/fr/portal/").content.decode()

    for text in ("Accès Internet", "Code de connexion", "Vous avez déjà un compte", "Mot de passe oublié ?"):
        assert text in page


def test_hotspot_entry_records_gateway_parameters(client, gateway_visit):
    visit = PortalVisit.objects.get(key=gateway_visit)

    assert visit.nas.identifier == "lyon-a-gw1"
    assert visit.client_mac == "0e:23:45:6a:02:0e"
    assert visit.client_ip == "10.1.0.23"
    assert visit.original_url == "http://example.org/news"
    assert visit.gateway["challenge"]


def test_resident_code_creates_linked_account(client, codes, gateway_visit):
    response = client.post("/fr/portal/code/", {"code": "wxcr-f64h", "v": gateway_visit})
    assert response.status_code == 302
    assert "/fr/portal/account/" in response["Location"]

    form_page = client.get(response["Location"]).content.decode()
    assert "Martin" in form_page  # pre-filled from the housing record

    response = client.post("/fr/portal/account/", account_fields(v=gateway_visit))

    user = User.objects.get(email="lea@etu.test")
    code = ConnectionCode.objects.get(code="WXCRF64H")
    codes["resident_record"].refresh_from_db()
    assert user.kind == User.Kind.RESIDENT
    assert code.redeemed_by == user
    assert code.redeemed_at is not None
    assert codes["resident_record"].user == user
    assert response.status_code == 302
    assert response["Location"].startswith("http://10.1.0.1:3990/logon?")


def test_hand_back_credentials_pass_radius_check(client, codes, gateway_visit):
    client.post("/fr/portal/code/", {"code": "HJKM7934", "v": gateway_visit})
    response = client.post("/fr/portal/account/", account_fields(v=gateway_visit))
    query = parse_qs(urlsplit(response["Location"]).query)

    from planetcampus.portal import conf
    from planetcampus.portal.gateways import coova_pap_password

    login = PortalLogin.objects.get(username=query["username"][0])
    # Decode the PAP field as CoovaChilli does: XOR with the challenge again.
    encoded = bytes.fromhex(query["password"][0])
    key = bytes.fromhex(PortalVisit.objects.get(key=gateway_visit).gateway["challenge"])
    password = bytes(b ^ key[i % 16] for i, b in enumerate(encoded)).rstrip(b"\0").decode()
    assert coova_pap_password(password, key.hex(), conf.UAM_SECRET) == query["password"][0]

    accepted = verify_one_time_credentials(login.username, password, calling_station_id=CLIENT_MAC, nas=login.nas)
    assert accepted == login
    assert User.objects.get(email="lea@etu.test").kind == User.Kind.VISITOR


def test_expired_code_refused_with_message(client, codes):
    response = client.post("/fr/portal/code/", {"code": "AC3467EF"})

    assert response.status_code == 400
    assert "expiré" in response.content.decode()


def test_used_code_refused_with_message(client, codes, gateway_visit):
    client.post("/fr/portal/code/", {"code": "HJKM7934", "v": gateway_visit})
    client.post("/fr/portal/account/", account_fields(v=gateway_visit))
    client.logout()

    response = client.post("/fr/portal/code/", {"code": "HJKM7934"})

    assert response.status_code == 400
    assert "déjà servi" in response.content.decode()


def test_revoked_and_future_codes_refused(client, codes):
    revoked = client.post("/fr/portal/code/", {"code": "GHJKMNPR"}).content.decode()
    future = client.post("/fr/portal/code/", {"code": "TWXY3467"}).content.decode()

    assert "annulé" in revoked
    assert "pas encore valable" in future


def test_lockout_after_repeated_bad_codes(client, codes, gateway_visit):
    for digit in "34679":
        response = client.post("/fr/portal/code/", {"code": f"AAAA{digit}777", "v": gateway_visit})
        assert response.status_code == 400
        assert "inconnu" in response.content.decode()

    locked = client.post("/fr/portal/code/", {"code": "HJKM7934", "v": gateway_visit})

    assert locked.status_code == 429
    assert "Patientez 15 minutes" in locked.content.decode()
    assert ConnectionCode.objects.get(code="HJKM7934").redeemed_at is None


def test_lockout_ends_after_its_window(client, codes, gateway_visit):
    for digit in "34679":
        client.post("/fr/portal/code/", {"code": f"AAAA{digit}777", "v": gateway_visit})

    with time_machine.travel(now() + timedelta(minutes=16)):
        response = client.post("/fr/portal/code/", {"code": "HJKM7934", "v": gateway_visit})

    assert response.status_code == 302


def test_account_form_requires_terms_and_matching_fields(client, codes):
    response = client.post("/fr/portal/code/", {"code": "HJKM7934"})
    key = response["Location"].split("v=")[1]

    page = client.post("/fr/portal/account/", account_fields(v=key, terms="", email2="other@etu.test", password2="x")).content.decode()

    assert "Acceptez les conditions" in page
    assert "adresses e-mail diffèrent" in page
    assert "mots de passe diffèrent" in page
    assert not User.objects.filter(email="lea@etu.test").exists()


def test_weak_password_refused(client, codes):
    key = client.post("/fr/portal/code/", {"code": "HJKM7934"})["Location"].split("v=")[1]

    page = client.post("/fr/portal/account/", account_fields(v=key, password1="password123", password2="password123")).content.decode()

    assert not User.objects.filter(email="lea@etu.test").exists()
    assert "trop courant" in page


def test_password_sign_in_rotates_session(client, personas, gateway_visit):
    client.get("/fr/portal/")
    before = client.session.session_key

    response = client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": gateway_visit})

    assert response.status_code == 302
    assert response["Location"].startswith("http://10.1.0.1:3990/logon?")
    assert client.session.session_key != before
    assert int(client.session["_auth_user_id"]) == personas["resident"].pk


def test_sign_in_without_gateway_goes_to_selfcare(client, personas):
    response = client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/fr/selfcare/"
    assert not PortalLogin.objects.exists()  # no gateway, no credentials to hand over


def test_wrong_password_locks_account_after_five(client, personas):
    for _ in range(5):
        assert client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": "nope"}).status_code == 400

    response = client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD})

    assert response.status_code == 429


def test_staff_account_gets_no_network(client, personas, gateway_visit):
    response = client.post("/fr/portal/sign-in/", {"email": "manager@crous-lyon.test", "password": PASSWORD, "v": gateway_visit})

    assert response.status_code == 403
    assert not PortalLogin.objects.exists()


def test_reconnect_known_device(client, personas, gateway_visit):
    client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": gateway_visit})
    client.logout()
    second_visit = client.get("/hotspot/", {"nasid": "lyon-a-gw1", "mac": CLIENT_MAC, "uamip": "10.1.0.1",
                                            "uamport": "3990", "challenge": "ab" * 16})["Location"].split("v=")[1]

    page = client.get(f"/fr/portal/?v={second_visit}").content.decode()
    response = client.post("/fr/portal/reconnect/", {"v": second_visit})

    assert "Reconnectez-vous !" in page
    assert response.status_code == 302
    assert response["Location"].startswith("http://10.1.0.1:3990/logon?")
    assert "_auth_user_id" not in client.session  # network only, no web session


def test_reconnect_removed_device_refused(client, personas, gateway_visit):
    from planetcampus.aaa.models import Device

    client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": gateway_visit})
    client.logout()
    Device.objects.create(user=personas["resident"], mac="0e:23:45:6a:02:0e", first_seen=now(), last_seen=now(),
                          reconnect_allowed=False)
    logins_before = PortalLogin.objects.count()

    response = client.post("/fr/portal/reconnect/", {"v": gateway_visit})

    assert response.status_code == 400
    assert PortalLogin.objects.count() == logins_before


def test_reconnect_unknown_device_refused(client, estate, gateway_visit):
    response = client.post("/fr/portal/reconnect/", {"v": gateway_visit})

    assert response.status_code == 400
    assert not PortalLogin.objects.exists()


def test_csrf_required_on_code_form(estate, codes):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/fr/portal/code/", {"code": "HJKM7934"})

    assert response.status_code == 403


def test_gateway_parameters_escaped(client, estate):
    evil = '"><script>alert(1)</script>'
    response = client.get("/hotspot/", {"nasid": "lyon-a-gw1", "mac": CLIENT_MAC, "ssid": evil, "userurl": evil})
    page = client.get(response["Location"]).content.decode()

    assert "<script>alert(1)" not in page


def test_gateway_budget_pauses_code_entry(client, codes, gateway_visit, monkeypatch):
    """Rotating MAC addresses does not beat the per-gateway budget."""
    from planetcampus.portal import conf

    for index, digit in enumerate("3467"):
        visit = client.get("/hotspot/", {"nasid": "lyon-a-gw1", "mac": f"02-00-00-00-00-0{index}"})["Location"].split("v=")[1]
        client.post("/fr/portal/code/", {"code": f"AAAA{digit}777", "v": visit}, REMOTE_ADDR=f"10.9.0.{index}")
    monkeypatch.setattr(conf, "CODE_FAILURES_PER_NAS_HOUR", 4)
    fresh = client.get("/hotspot/", {"nasid": "lyon-a-gw1", "mac": "02-00-00-00-00-09"})["Location"].split("v=")[1]
    response = client.post("/fr/portal/code/", {"code": "HJKM7934", "v": fresh}, REMOTE_ADDR="10.9.0.9")

    assert response.status_code == 429


def test_direct_visits_share_one_budget(client, codes, monkeypatch):
    from planetcampus.portal import conf

    monkeypatch.setattr(conf, "CODE_FAILURES_WITHOUT_NAS_HOUR", 3)
    for index, digit in enumerate("346"):
        client.post("/fr/portal/code/", {"code": f"AAAA{digit}777"}, REMOTE_ADDR=f"198.51.100.{index}")

    response = client.post("/fr/portal/code/", {"code": "HJKM7934"}, REMOTE_ADDR="198.51.100.200")

    assert response.status_code == 429


def test_expired_visit_explained(client, estate, gateway_visit):
    with time_machine.travel(now() + timedelta(minutes=61)):
        page = client.get(f"/fr/portal/?v={gateway_visit}").content.decode()

    assert "restée ouverte trop longtemps" in page
    assert "Reconnectez-vous" not in page


def test_language_link_on_result_page_leads_home(client, codes, gateway_visit):
    """After a wrong code, the language links point at the form's URL: GET goes back to the first page."""
    page = client.post(f"/fr/portal/code/?v={gateway_visit}", {"code": "AAAA7777"}).content.decode()

    response = client.get(f"/de/portal/code/?v={gateway_visit}")

    assert f'href="/de/portal/code/?v={gateway_visit}"' in page
    assert response.status_code == 302
    assert response["Location"] == f"/de/portal/?v={gateway_visit}"
