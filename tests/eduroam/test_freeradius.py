"""eduroam end to end: eapol_test → our FreeRADIUS → the federation's FreeRADIUS."""

import pytest

from planetcampus.aaa.secrets import secret_for, set_secret
from planetcampus.eduroam.models import Authentication, FederationProxy
from planetcampus.eduroam.services import set_eduroam
from planetcampus.eduroam.standalone import render_standalone
from tests.eduroam.radius import ACCOUNTS, HOME_REALM, Server, eapol_test, free_udp_port

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def service_provider(tmp_path, live_server, estate, radius_secrets, federation):
    """Start our FreeRADIUS with eduroam on in lyon-a (NAS 127.0.0.1), off in grenoble-a (127.0.0.2)."""
    set_eduroam(estate["lyon_a"], True, actor=None)
    set_secret("federation", federation.secret)
    FederationProxy.objects.create(name="live", host="127.0.0.1", port=federation.port, secret_ref="federation",
                                   priority=20)

    def start(dead_proxy_first=False):
        if dead_proxy_first:
            FederationProxy.objects.create(name="dead", host="127.0.0.1", port=free_udp_port(),
                                           secret_ref="federation", priority=10)
        directory = tmp_path / "sp"
        port = free_udp_port()
        render_standalone(directory, api_url=live_server.url, port=port, reject_delay=0)
        server = Server(directory, "service provider").start()
        servers.append(server)
        return port

    servers = []
    yield start
    for server in servers:
        server.stop()


def authenticate(eapol_test_program, tmp_path, certificates, port, nas, **overrides):
    values = dict(identity="alice", password=ACCOUNTS["alice"], anonymous_identity=f"anonymous@{HOME_REALM}",
                  method="TTLS")
    values.update(overrides)
    return eapol_test(eapol_test_program, tmp_path, port=port, secret=secret_for(nas), ca_cert=certificates / "ca.pem",
                      source_address=nas.ip_address, **values)


def test_ttls_pap_visitor_is_accepted(service_provider, eapol_test_program, tmp_path, certificates, estate, federation):
    port = service_provider()
    nas = estate["lyon_a"].nas_devices.get()

    result = authenticate(eapol_test_program, tmp_path, certificates, port, nas)

    assert result.success, result.output[-3000:]
    record = Authentication.objects.get()
    assert record.result == "accept"
    assert record.residence == estate["lyon_a"]
    assert record.cui.startswith("cui-")
    print(federation.received())
