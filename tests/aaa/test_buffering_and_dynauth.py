"""No accounting lost while the platform is down; Disconnect and CoA to a NAS."""

import socket
import threading
import time
from urllib.parse import urlparse

import pytest
from pyrad import packet as radius

from planetcampus.aaa import dynauth, services
from planetcampus.aaa.models import AccountingSession, DynamicAuthorization
from planetcampus.core.clock import now
from tests.aaa.test_accounting import STATION, acct, signed_in, wait_for
from tests.support.freeradius import FreeRadius

pytestmark = pytest.mark.django_db(transaction=True)


class SwitchableProxy:
    """A TCP relay in front of the platform that can be switched off, like a stopped application."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = None
        self.listener = None
        self.thread = None
        self.connections = []

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port or 0))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(64)
        self.thread = threading.Thread(target=self._serve, args=(self.listener,), daemon=True)
        self.thread.start()

    def stop(self):
        # shutdown() wakes the thread blocked in accept(); close() alone does not.
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.thread.join(timeout=2)
        for sock in self.connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self.connections = []

    def _serve(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.connections += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@pytest.fixture
def proxied_freeradius(estate, live_server, tmp_path, settings, freeradius):
    """FreeRADIUS talking to the platform through a relay the test can stop."""
    freeradius.stop()
    proxy = SwitchableProxy(urlparse(live_server.url).port)
    proxy.start()
    server = FreeRadius(tmp_path / "raddb-proxied", f"http://127.0.0.1:{proxy.port}/radius")
    server.configure(retry_interval=4)
    server.start()
    yield server, proxy
    server.stop()


def test_accounting_sent_while_the_platform_is_down_is_replayed(personas, proxied_freeradius):
    freeradius, proxy = proxied_freeradius
    username, klass = signed_in(freeradius, personas["resident"])
    acct(freeradius, "Start", username, klass, session_id="A")
    assert wait_for(lambda: AccountingSession.objects.filter(acct_session_id="A").exists())

    proxy.stop()
    for number in range(1, 21):
        acct(freeradius, "Interim-Update", username, klass, session_id="A",
             **{"Acct-Input-Octets": number * 1000, "Acct-Session-Time": number * 10})
        acct(freeradius, "Start", username, klass, session_id=f"B{number}")
    acct(freeradius, "Stop", username, klass, session_id="A", **{"Acct-Input-Octets": 25000, "Acct-Session-Time": 300})
    time.sleep(2)
    assert AccountingSession.objects.count() == 1, "nothing reached the platform while it was down"

    proxy.start()
    # The shards replay in parallel, so the last Start can land before A's Stop: wait for both.
    assert wait_for(lambda: AccountingSession.objects.count() == 21, timeout=90), freeradius.log()
    assert wait_for(lambda: AccountingSession.objects.filter(acct_session_id="A", closed_by="stop").exists(),
                    timeout=60), freeradius.log()
    session = AccountingSession.objects.get(acct_session_id="A")
    assert session.closed_by == "stop" and session.input_octets == 25000


class FakeNas:
    """A NAS's dynamic-authorization port: answers ACK, NAK or nothing, and keeps what it got."""

    def __init__(self, secret: str, answer="ack", silent_first=0):
        self.secret = secret.encode()
        self.answer = answer
        self.silent_first = silent_first
        self.received = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                data, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            request = radius.CoAPacket(secret=self.secret, dict=dynauth.dictionary(), packet=data)
            self.received.append(request)
            if len(self.received) <= self.silent_first:
                continue
            assert request.VerifyCoARequest() and request.verify_message_authenticator()
            reply = request.CreateReply()
            if self.answer == "nak":
                reply.code = radius.DisconnectNAK if request.code == radius.DisconnectRequest else radius.CoANAK
                reply["Error-Cause"] = 503
            self.sock.sendto(reply.ReplyPacket(), peer)

    def close(self):
        self.sock.close()


def _open_session(user, nas, mac="02:11:22:33:44:55"):
    return AccountingSession.objects.create(
        unique_id=f"u-{mac}", acct_session_id="S-9", nas=nas, nas_identifier=nas.identifier, nas_ip=nas.ip_address,
        user=user, username="pc-abc", mac=mac, framed_ip="10.20.0.9", started_at=now(), last_event_at=now(),
        received_at=now())


@pytest.fixture
def nas_with_listener(estate, settings, tmp_path):
    settings.RADIUS_SECRETS_DIR = tmp_path / "secrets"
    settings.RADIUS_DYNAUTH_TIMEOUT = 0.3
    nas = estate["lyon_a"].nas_devices.get()

    def make(**options):
        from planetcampus.aaa.secrets import secret_for

        listener = FakeNas(secret_for(nas), **options)
        nas.coa_port = listener.port
        nas.save()
        return nas, listener

    return make


def test_disconnecting_a_user_sends_a_signed_disconnect_request(personas, nas_with_listener):
    nas, listener = nas_with_listener()
    _open_session(personas["resident"], nas)

    sent = services.disconnect_user(personas["resident"], reason="account disabled")

    assert sent == 1
    request = listener.received[0]
    assert request.code == radius.DisconnectRequest
    assert request["Acct-Session-Id"] == ["S-9"] and request["Calling-Station-Id"] == ["02-11-22-33-44-55"]
    assert request["NAS-Identifier"] == [nas.identifier] and "Event-Timestamp" in request
    record = DynamicAuthorization.objects.get()
    assert (record.outcome, record.attempts, record.reason) == ("ack", 1, "account disabled")


def test_a_silent_nas_gets_the_same_request_again(personas, nas_with_listener):
    nas, listener = nas_with_listener(silent_first=2)
    _open_session(personas["resident"], nas)

    services.disconnect_user(personas["resident"], reason="code revoked")

    assert len(listener.received) == 3
    assert len({bytes(request.raw_packet) for request in listener.received}) == 1, "retransmissions are identical"
    assert DynamicAuthorization.objects.get().outcome == "ack"


def test_a_nas_that_never_answers_is_logged_as_timeout(personas, nas_with_listener):
    nas, listener = nas_with_listener(silent_first=99)
    device_session = _open_session(personas["resident"], nas)

    services.disconnect_sessions(AccountingSession.objects.filter(pk=device_session.pk), reason="key reset")

    record = DynamicAuthorization.objects.get()
    assert (record.outcome, record.attempts) == ("timeout", 3)


def test_a_refused_coa_keeps_the_error_cause(personas, nas_with_listener):
    nas, listener = nas_with_listener(answer="nak")
    _open_session(personas["resident"], nas)

    services.change_sessions(AccountingSession.objects.all(), {"Session-Timeout": 600}, reason="offer changed")

    record = DynamicAuthorization.objects.get()
    assert (record.kind, record.outcome, record.error_cause) == ("coa", "nak", 503)
    assert listener.received[0]["Session-Timeout"] == [600]


def test_closed_sessions_are_not_disconnected(personas, nas_with_listener):
    nas, listener = nas_with_listener()
    session = _open_session(personas["resident"], nas)
    session.stopped_at = now()
    session.save()

    assert services.disconnect_user(personas["resident"], reason="account disabled") == 0
    assert listener.received == []


@pytest.fixture
def in_foreground(settings):
    settings.RADIUS_DYNAUTH_IN_BACKGROUND = False


def test_disabling_an_account_disconnects_its_sessions(personas, nas_with_listener, in_foreground):
    nas, listener = nas_with_listener()
    _open_session(personas["resident"], nas)

    personas["resident"].is_active = False
    personas["resident"].save()

    assert len(listener.received) == 1
    assert DynamicAuthorization.objects.get().reason == "account disabled"


def test_revoking_a_visitor_code_disconnects_the_visitor(estate, nas_with_listener, in_foreground):
    from planetcampus.access.models import ConnectionCode
    from planetcampus.accounts.models import User

    nas, listener = nas_with_listener()
    visitor = User.objects.create_user("guest@example.test", "Visitor-Pass-42", kind=User.Kind.VISITOR)
    code = ConnectionCode.objects.create(code="VSTR2345", kind="visitor", residence=estate["lyon_a"], redeemed_by=visitor,
                                         valid_from=now(), valid_until=now())
    _open_session(visitor, nas)

    code.revoked_at = now()
    code.save()

    assert len(listener.received) == 1
    assert "revoked" in DynamicAuthorization.objects.get().reason


def test_changing_an_offer_sends_the_new_rates(personas, nas_with_listener, in_foreground):
    from planetcampus.aaa.models import OfferProfile

    nas, listener = nas_with_listener()
    _open_session(personas["resident"], nas)

    OfferProfile.objects.create(offer="planetcampus", account_kind="resident", down_kbps=30000, up_kbps=6000)

    request = listener.received[0]
    assert request.code == radius.CoARequest
    assert request["WISPr-Bandwidth-Max-Down"] == [30000000]
