"""Captive-portal detection probes and the RFC 8908 API, before and after sign-in."""

import json

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROBES = [
    ("/hotspot-detect.html", 200, "<BODY>Success</BODY>"),
    ("/library/test/success.html", 200, "<BODY>Success</BODY>"),
    ("/generate_204", 204, ""),
    ("/gen_204", 204, ""),
    ("/connecttest.txt", 200, "Microsoft Connect Test"),
    ("/ncsi.txt", 200, "Microsoft NCSI"),
    ("/canonical.html", 200, "support.mozilla.org/kb/captive-portal"),
    ("/success.txt", 200, "success\n"),
]


def sign_in_from(client, address):
    """Sign the resident in through a gateway visit whose client has `address`."""
    response = client.get("/hotspot/", {"nasid": "lyon-a-gw1", "mac": "0E-23-45-6A-02-0E", "ip": address,
                                        "uamip": "10.1.0.1", "uamport": "3990", "challenge": "ab" * 16})
    key = response["Location"].split("v=")[1]
    client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": key})


@pytest.mark.parametrize("path,status,body", PROBES)
def test_probe_redirects_to_portal_before_sign_in(client, estate, path, status, body):
    response = client.get(path, REMOTE_ADDR="10.1.0.23")

    assert response.status_code == 302
    assert response["Location"].endswith("/portal/")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("path,status,body", PROBES)
def test_probe_answers_online_after_sign_in(client, personas, path, status, body):
    sign_in_from(client, "10.1.0.23")

    response = client.get(path, REMOTE_ADDR="10.1.0.23")

    assert response.status_code == status
    assert body in response.content.decode()


def test_probe_of_other_client_stays_captive(client, personas):
    sign_in_from(client, "10.1.0.23")

    assert client.get("/generate_204", REMOTE_ADDR="10.1.0.99").status_code == 302


def test_probe_redirect_speaks_client_language(client, estate):
    response = client.get("/hotspot-detect.html", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")

    assert response["Location"].endswith("/de/portal/")


def test_windows_redirect_page(client, personas):
    assert client.get("/redirect", REMOTE_ADDR="10.1.0.23")["Location"].endswith("/portal/")
    sign_in_from(client, "10.1.0.23")
    assert client.get("/redirect", REMOTE_ADDR="10.1.0.23")["Location"].endswith("/selfcare/")


def test_captive_api_before_sign_in(client, estate):
    response = client.get("/captive-portal/api/", REMOTE_ADDR="10.1.0.23", HTTP_ACCEPT="application/captive+json")
    body = json.loads(response.content)

    assert response["Content-Type"] == "application/captive+json"
    assert "no-store" in response["Cache-Control"]
    assert body["captive"] is True
    assert body["user-portal-url"].endswith("/portal/")
    assert "seconds-remaining" not in body


def test_captive_api_after_sign_in(client, personas):
    sign_in_from(client, "10.1.0.23")

    body = json.loads(client.get("/captive-portal/api/", REMOTE_ADDR="10.1.0.23").content)

    assert body["captive"] is False
    assert 0 < body["seconds-remaining"] <= 24 * 3600
    assert body["can-extend-session"] is True


def test_captive_api_by_mac_in_any_format(client, personas):
    sign_in_from(client, "10.1.0.23")

    by_mac = json.loads(client.get("/captive-portal/api/0e23.456a.020e/", REMOTE_ADDR="192.0.2.50").content)
    other = json.loads(client.get("/captive-portal/api/AA-BB-CC-DD-EE-FF/").content)

    assert by_mac["captive"] is False
    assert other["captive"] is True
    assert client.get("/captive-portal/api/not-a-mac/").status_code == 404


def test_captive_api_visitor_session_ends_with_code(client, codes):
    from tests.portal.test_paths import account_fields

    response = client.get("/hotspot/", {"nasid": "lyon-a-gw1", "mac": "0E-23-45-6A-02-0E", "ip": "10.1.0.40",
                                        "uamip": "10.1.0.1", "uamport": "3990", "challenge": "ab" * 16})
    key = response["Location"].split("v=")[1]
    client.post("/fr/portal/code/", {"code": "HJKM7934", "v": key})
    client.post("/fr/portal/account/", account_fields(v=key))

    body = json.loads(client.get("/captive-portal/api/", REMOTE_ADDR="10.1.0.40").content)

    assert body["captive"] is False
    assert body["seconds-remaining"] <= 4 * 3600  # the visitor code's session length


def test_probe_costs_one_query(client, personas, django_assert_num_queries):
    sign_in_from(client, "10.1.0.23")

    with django_assert_num_queries(1):
        assert client.get("/generate_204", REMOTE_ADDR="10.1.0.23").status_code == 204
    with django_assert_num_queries(1):
        assert client.get("/captive-portal/api/", REMOTE_ADDR="10.1.0.23").status_code == 200


def test_probes_answer_head_requests(client, estate):
    assert client.head("/generate_204").status_code == 302
    assert client.head("/captive-portal/api/").status_code == 200
