import re

import pytest

from planetcampus.aaa.secrets import set_secret
from planetcampus.eduroam.models import FederationProxy
from planetcampus.eduroam.radiusconf import MissingSecret, render_fragments
from planetcampus.estate.models import Nas


@pytest.fixture
def proxies(radius_secrets):
    set_secret("federation", "federation-test-secret-42")
    return [
        FederationProxy.objects.create(name="tld2", host="tld2.eduroam.example.net", port=1812,
                                       secret_ref="federation", priority=20),
        FederationProxy.objects.create(name="tld1", host="192.0.2.10", port=1812, secret_ref="federation",
                                       priority=10),
        FederationProxy.objects.create(name="old", host="192.0.2.99", secret_ref="federation", active=False),
    ]


def render(tmp_path):
    render_fragments(tmp_path, api_url="http://127.0.0.1:8000/", port=11814, listen_address="127.0.0.1")
    return {name: (tmp_path / name).read_text() for name in (
        "sites-enabled/eduroam", "eduroam/proxy.conf", "policy.d/eduroam", "mods-enabled/eduroam",
        "mods-config/eduroam/residences")}


def test_pool_lists_active_proxies_by_priority(estate, proxies, tmp_path):
    proxy_conf = render(tmp_path)["eduroam/proxy.conf"]

    assert proxy_conf.index("home_server = eduroam_tld1") < proxy_conf.index("home_server = eduroam_tld2")
    assert "eduroam_old" not in proxy_conf
    assert proxy_conf.count("status_check = status-server") == 2
    assert "type = fail-over" in proxy_conf


def test_site_has_a_client_per_active_nas_and_no_eap(estate, proxies, tmp_path):
    Nas.objects.filter(identifier="grenoble-a-gw1").update(active=False)

    site = render(tmp_path)["sites-enabled/eduroam"]

    assert "client lyon-a-gw1 {" in site
    assert "grenoble-a-gw1" not in site
    assert "require_message_authenticator = yes" in site
    # No EAP module call: the home institution always ends the EAP conversation.
    assert re.search(r"^\s*eap\s*(\{|$)", site, re.MULTILINE) is None
    assert "port = 11814" in site


def test_residence_map_follows_the_eduroam_switch(estate, proxies, tmp_path):
    estate["lyon_a"].eduroam_enabled = True
    estate["lyon_a"].save()

    residences = render(tmp_path)["mods-config/eduroam/residences"]

    assert '127.0.0.1\tTmp-String-0 := "lyon-a", Tmp-Integer-0 := 1' in residences
    assert '127.0.0.2\tTmp-String-0 := "grenoble-a", Tmp-Integer-0 := 0' in residences


def test_without_proxies_every_request_is_rejected(estate, radius_secrets, tmp_path):
    files = render(tmp_path)

    assert "Proxy-To-Realm" not in files["sites-enabled/eduroam"]
    assert "No eduroam federation proxy is configured." in files["sites-enabled/eduroam"]
    assert "home_server" not in files["eduroam/proxy.conf"]


def test_missing_proxy_secret_names_the_fix(estate, radius_secrets, tmp_path):
    FederationProxy.objects.create(name="tld1", host="192.0.2.10", secret_ref="not-stored")

    with pytest.raises(MissingSecret, match="planetcampus eduroam secret tld1"):
        render(tmp_path)


def test_fragments_are_private(estate, proxies, tmp_path):
    render(tmp_path)

    assert (tmp_path / "sites-enabled" / "eduroam").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "eduroam" / "proxy.conf").stat().st_mode & 0o777 == 0o600
