"""No open redirect through the original URL, and gateway hand-backs pinned to gateways."""

import hashlib

import pytest

from planetcampus.portal import gateways
from planetcampus.portal.models import PortalVisit
from planetcampus.portal.safety import clean_original_url
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "data:text/html,hi", "//evil.example/", "http://bank.example@evil.example/",
    "http:\\\\evil.example", "http://evil.example/\r\nSet-Cookie: x=1", "ftp://files.example/", "http://",
])
def test_unsafe_original_urls_dropped(url):
    assert clean_original_url(url) == ""


def test_unverified_original_url_not_followed(client, personas):
    """A forged gateway link cannot bounce a student to another site after sign-in."""
    response = client.get("/hotspot/", {"nasid": "lyon-b-unknown", "userurl": "https://evil.example/phish"})
    key = response["Location"].split("v=")[1]

    response = client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": key,
                                                   "next": "https://evil.example/"})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"] == "/fr/selfcare/"


def test_verified_original_url_followed(client, personas, monkeypatch):
    """With the UAM secret set, a redirect signed by CoovaChilli is trusted."""
    from planetcampus.portal import conf

    monkeypatch.setattr(conf, "UAM_SECRET", "uam-test-secret")
    query = "res=success&uamip=10.1.0.1&uamport=3990&mac=0E-23-45-6A-02-0E&nasid=lyon-a-gw1&userurl=http%3A%2F%2Fexample.org%2F"
    base = f"http://testserver/hotspot/?{query}"
    md = hashlib.md5((base + "uam-test-secret").encode()).hexdigest().upper()
    entry = client.get(f"/hotspot/?res=notyet&uamip=10.1.0.1&uamport=3990&challenge={'ab' * 16}&mac=0E-23-45-6A-02-0E"
                       f"&nasid=lyon-a-gw1&userurl=http%3A%2F%2Fexample.org%2F")
    key = entry["Location"].split("v=")[1]
    client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": key})

    response = client.get(f"/hotspot/?{query}&md={md}")

    assert response.status_code == 302
    assert response["Location"] == "http://example.org/"


def test_forged_md_not_trusted(client, estate, monkeypatch):
    from planetcampus.portal import conf

    monkeypatch.setattr(conf, "UAM_SECRET", "uam-test-secret")
    response = client.get("/hotspot/", {"nasid": "lyon-a-gw1", "mac": "0E-23-45-6A-02-0E", "userurl": "http://evil.example/", "md": "00" * 16})
    visit = PortalVisit.objects.get(key=response["Location"].split("v=")[1])

    assert visit.gateway_verified is False


def test_hand_back_refuses_public_gateway_address(client, personas):
    response = client.get("/hotspot/", {"nasid": "lyon-a-gw1", "mac": "0E-23-45-6A-02-0E", "uamip": "93.184.216.34",
                                        "uamport": "80", "challenge": "ab" * 16})
    key = response["Location"].split("v=")[1]

    response = client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": key})

    assert response.status_code == 502
    assert "93.184.216.34" not in response.content.decode()


@pytest.mark.parametrize("vendor,query,field", [
    ("mikrotik", {"mac": "0E:23:45:6A:02:0E", "link-login-only": "http://10.5.50.1/login", "link-orig": "http://example.org/"}, "username"),
    ("cisco", {"client_mac": "0e:23:45:6a:02:0e", "switch_url": "https://192.0.2.1/login.html", "wlan": "PlanetCampus"}, "username"),
    ("aruba", {"mac": "0e:23:45:6a:02:0e", "switchip": "10.9.0.2", "essid": "PlanetCampus"}, "user"),
])
def test_form_gateways_get_a_post_form(client, personas, vendor, query, field):
    from planetcampus.estate.models import Nas

    Nas.objects.filter(identifier="lyon-a-gw1").update(vendor=vendor)
    key = client.get("/hotspot/lyon-a-gw1/", query)["Location"].split("v=")[1]

    page = client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": key}).content.decode()

    assert 'method="post"' in page
    assert f'name="{field}"' in page
    assert "pc-" in page


def test_opennds_fas_hand_back(client, personas, monkeypatch):
    import base64

    from planetcampus.estate.models import Nas
    from planetcampus.portal import conf

    monkeypatch.setattr(conf, "OPENNDS_FASKEY", "fas-key")
    Nas.objects.filter(identifier="lyon-a-gw1").update(vendor="opennds")
    fas = base64.b64encode(b"clientip=10.2.0.9, clientmac=0e:23:45:6a:02:0e, gatewayname=lyon-a-gw1, hid=abc123, "
                           b"gatewayaddress=10.2.0.1:2050, authdir=opennds_auth, originurl=http://example.org/").decode()
    key = client.get("/hotspot/", {"fas": fas})["Location"].split("v=")[1]

    response = client.post("/fr/portal/sign-in/", {"email": "student@etu.test", "password": PASSWORD, "v": key})

    token = hashlib.sha256(b"abc123fas-key").hexdigest()
    assert response["Location"].startswith(f"http://10.2.0.1:2050/opennds_auth/?tok={token}")


def test_gateway_host_rules():
    assert gateways.is_gateway_host("10.1.0.1")
    assert gateways.is_gateway_host("192.0.2.1")
    assert not gateways.is_gateway_host("8.8.8.8")
    assert not gateways.is_gateway_host("evil.example")
