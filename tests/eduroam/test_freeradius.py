"""eduroam end to end: eapol_test → our FreeRADIUS → the federation's FreeRADIUS."""

import socket
import time

import pytest

from planetcampus.aaa.secrets import secret_for, set_secret
from planetcampus.eduroam import conf
from planetcampus.eduroam.models import Authentication, FederationProxy
from planetcampus.eduroam.probe import probe_all
from planetcampus.eduroam.reload import reload_freeradius
from planetcampus.eduroam.retention import ingest_spool
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

    def start(dead_proxy_first=False, api_url=None):
        if dead_proxy_first:
            FederationProxy.objects.create(name="dead", host="127.0.0.1", port=free_udp_port(),
                                           secret_ref="federation", priority=10)
        port = free_udp_port()
        render_standalone(directory, api_url=api_url or live_server.url, port=port, reject_delay=0)
        server = Server(directory, "service provider").start()
        servers.append(server)
        return port

    directory = tmp_path / "sp"
    start.directory = directory
    start.servers = servers = []

    yield start
    for server in servers:
        server.stop()


def authenticate(eapol_test_program, tmp_path, certificates, port, nas, **overrides):
    values = dict(identity="alice", password=ACCOUNTS["alice"], anonymous_identity=f"anonymous@{HOME_REALM}",
                  method="TTLS")
    values.update(overrides)
    return eapol_test(eapol_test_program, tmp_path, port=port, secret=secret_for(nas), ca_cert=certificates / "ca.pem",
                      source_address=nas.ip_address, **values)


def test_ttls_pap_visitor_is_accepted(service_provider, eapol_test_program, tmp_path, certificates, estate,
                                      federation):
    port = service_provider()
    nas = estate["lyon_a"].nas_devices.get()

    result = authenticate(eapol_test_program, tmp_path, certificates, port, nas)

    assert result.success, result.output[-3000:]
    record = Authentication.objects.get()
    assert record.result == "accept"
    assert record.reason == "accepted"
    assert record.residence == estate["lyon_a"]
    assert record.nas == nas
    assert record.outer_identity == f"anonymous@{HOME_REALM}"
    assert record.realm == HOME_REALM
    assert record.mac == "02:00:00:00:00:01"
    assert record.operator_name == "1planetcampus.fr"
    assert record.cui.startswith("cui-")
    assert record.home_server == f"127.0.0.1:{federation.port}"


def test_proxied_request_carries_operator_name_and_cui_request(service_provider, eapol_test_program, tmp_path,
                                                               certificates, estate, federation):
    port = service_provider()
    nas = estate["lyon_a"].nas_devices.get()

    authenticate(eapol_test_program, tmp_path, certificates, port, nas)

    first = federation.received()[0].split("|")
    assert first[0] == f"anonymous@{HOME_REALM}"
    assert first[1] == "1planetcampus.fr"
    assert first[2] == "0x00"
    assert first[3] == "02-00-00-00-00-01"


def test_peap_mschapv2_visitor_is_accepted(service_provider, eapol_test_program, tmp_path, certificates, estate):
    port = service_provider()
    nas = estate["lyon_a"].nas_devices.get()

    result = authenticate(eapol_test_program, tmp_path, certificates, port, nas, method="PEAP", identity="bob",
                          password=ACCOUNTS["bob"])

    assert result.success, result.output[-3000:]
    record = Authentication.objects.get()
    assert record.result == "accept"
    assert record.cui.startswith("cui-")


@pytest.mark.parametrize("method", ["TTLS", "PEAP"])
def test_wrong_password_is_rejected_by_home(service_provider, eapol_test_program, tmp_path, certificates, estate,
                                            federation, method):
    port = service_provider()
    nas = estate["lyon_a"].nas_devices.get()

    result = authenticate(eapol_test_program, tmp_path, certificates, port, nas, method=method,
                          password="not-the-password")

    assert not result.success
    record = Authentication.objects.get()
    assert record.result == "reject"
    assert record.reason == "home_rejected"
    assert record.cui == ""
    assert federation.received(), "the request should have reached the home institution"


def test_unknown_realm_is_left_to_the_federation(service_provider, eapol_test_program, tmp_path, certificates,
                                                 estate, federation):
    port = service_provider()
    nas = estate["lyon_a"].nas_devices.get()

    result = authenticate(eapol_test_program, tmp_path, certificates, port, nas,
                          anonymous_identity="anonymous@autre-universite.fr")

    assert not result.success
    assert federation.received()[0].startswith("anonymous@autre-universite.fr|")
    record = Authentication.objects.get()
    assert record.reason == "home_rejected"
    assert record.reply_message == "Unknown realm."


def test_dead_first_proxy_fails_over_to_the_next(service_provider, eapol_test_program, tmp_path, certificates,
                                                 estate, federation, monkeypatch):
    monkeypatch.setattr(conf, "RESPONSE_WINDOW", 2)
    port = service_provider(dead_proxy_first=True)
    nas = estate["lyon_a"].nas_devices.get()

    first = authenticate(eapol_test_program, tmp_path, certificates, port, nas)
    started = time.monotonic()
    retry = authenticate(eapol_test_program, tmp_path, certificates, port, nas)
    retry_seconds = time.monotonic() - started

    # FreeRADIUS 3.2 rejects the attempt that met the silent proxy, then
    # skips that proxy: the supplicant's retry goes to the live one.
    assert not first.success
    assert retry.success, retry.output[-3000:]
    assert retry_seconds < 10
    unreachable = Authentication.objects.get(result="reject")
    assert unreachable.reason == "federation_unreachable"
    accepted = Authentication.objects.get(result="accept")
    assert accepted.home_server == f"127.0.0.1:{federation.port}"


@pytest.mark.parametrize("identity, reason", [
    ("anonymous", "missing_realm"),
    ("@univ-exemple.fr", "empty_user_part"),
    ("anonymous@univexemple", "realm_without_dot"),
    ("anonymous@univ@exemple.fr", "several_at_signs"),
    ("anony mous@univ-exemple.fr", "invalid_characters"),
    ("anonymous@univ-.fr", "invalid_realm"),
    ("0208150123456789@wlan.mnc015.mcc208.3gppnetwork.org", "rejected_realm"),
])
def test_malformed_identity_is_rejected_locally(service_provider, eapol_test_program, tmp_path, certificates,
                                                estate, federation, identity, reason):
    port = service_provider()
    nas = estate["lyon_a"].nas_devices.get()

    result = authenticate(eapol_test_program, tmp_path, certificates, port, nas, anonymous_identity=identity)

    assert not result.success
    assert "CTRL-EVENT-EAP-FAILURE" in result.output
    assert federation.received() == []
    record = Authentication.objects.get()
    assert record.result == "reject"
    assert record.reason == reason
    assert record.outer_identity == identity


def test_residence_without_eduroam_is_rejected_locally(service_provider, eapol_test_program, tmp_path,
                                                       certificates, estate, federation):
    port = service_provider()
    nas = estate["grenoble_a"].nas_devices.get()

    result = authenticate(eapol_test_program, tmp_path, certificates, port, nas)

    assert not result.success
    assert federation.received() == []
    record = Authentication.objects.get()
    assert record.reason == "eduroam_disabled"
    assert record.residence == estate["grenoble_a"]


def test_residence_switched_on_is_served_after_sighup(service_provider, eapol_test_program, tmp_path, certificates,
                                                      estate, federation):
    port = service_provider()
    server = service_provider.servers[0]
    nas = estate["grenoble_a"].nas_devices.get()
    assert not authenticate(eapol_test_program, tmp_path, certificates, port, nas).success

    set_eduroam(estate["grenoble_a"], True, actor=None)
    # FreeRADIUS ignores a module's SIGHUP within 2 s of its last (re)load.
    time.sleep(max(0.0, 3.0 - (time.monotonic() - server.started_at)))
    pid_file = tmp_path / "freeradius.pid"
    pid_file.write_text(str(server.process.pid))
    action = reload_freeradius(service_provider.directory, pid_file=pid_file, api_url=server_api_url(server),
                               port=port, listen_address="127.0.0.1")
    wait_for_reload(server)

    assert action == "hup"
    result = authenticate(eapol_test_program, tmp_path, certificates, port, nas)
    assert result.success, result.output[-3000:]
    assert Authentication.objects.filter(residence=estate["grenoble_a"], result="accept").count() == 1


def test_records_are_spooled_while_the_platform_is_down(service_provider, eapol_test_program, tmp_path,
                                                        certificates, estate):
    port = service_provider(api_url=f"http://127.0.0.1:{closed_tcp_port()}")
    nas = estate["lyon_a"].nas_devices.get()

    result = authenticate(eapol_test_program, tmp_path, certificates, port, nas)

    assert result.success, result.output[-3000:]
    assert Authentication.objects.count() == 0
    counts = ingest_spool(service_provider.directory)
    assert counts == {"stored": 1, "duplicates": 0, "invalid": 0}
    record = Authentication.objects.get()
    assert record.result == "accept"
    assert record.cui.startswith("cui-")
    assert ingest_spool(service_provider.directory)["stored"] == 0


def server_api_url(server):
    """Return the platform URL the running server was configured with."""
    module = (server.directory / "mods-enabled" / "eduroam").read_text()
    return module.split('connect_uri = "', 1)[1].split('"', 1)[0]


def wait_for_reload(server, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if 'Reloaded module "eduroam_residences"' in server.log():
            time.sleep(0.5)
            return
        time.sleep(0.1)
    raise AssertionError(f"FreeRADIUS did not reload:\n{server.log()[-3000:]}")


def closed_tcp_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_probe_marks_live_and_dead_proxies(estate, radius_secrets, federation):
    set_secret("federation", federation.secret)
    live = FederationProxy.objects.create(name="live", host="127.0.0.1", port=federation.port,
                                          secret_ref="federation", priority=20)
    dead = FederationProxy.objects.create(name="dead", host="127.0.0.1", port=free_udp_port(),
                                          secret_ref="federation", priority=10)

    results = dict(probe_all())

    assert results[live].ok, results[live].error
    assert not results[dead].ok
    live.refresh_from_db()
    dead.refresh_from_db()
    assert live.last_probe_ok is True
    assert live.last_probe_ms is not None
    assert dead.last_probe_ok is False
    assert "no answer" in dead.last_probe_error


def test_probe_with_a_wrong_secret_fails(estate, radius_secrets, federation):
    set_secret("wrong", "not-the-federation-secret")
    proxy = FederationProxy.objects.create(name="live", host="127.0.0.1", port=federation.port, secret_ref="wrong")

    result = dict(probe_all())[proxy]

    assert not result.ok
