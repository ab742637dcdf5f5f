"""RFC 5176 Dynamic Authorization: Disconnect-Request and CoA-Request to a NAS.

A request is encoded once and retransmitted unchanged (same Identifier,
same Event-Timestamp, same authenticators), as RFC 5176 section 2.3 asks
so the NAS can recognise a duplicate. Every request carries a
Message-Authenticator (BlastRADIUS, CVE-2024-3596) and replies are only
trusted after their Response Authenticator and Message-Authenticator
verify. Each request and its outcome is stored in DynamicAuthorization.
"""

import logging
import socket
from functools import lru_cache
from ipaddress import ip_address
from pathlib import Path

from django.conf import settings
from django.db import transaction
from pyrad import packet as radius
from pyrad.dictionary import Dictionary

from planetcampus.aaa.models import DynamicAuthorization
from planetcampus.aaa.replies import await_verified_reply
from planetcampus.aaa.secrets import secret_for
from planetcampus.core.clock import now

logger = logging.getLogger(__name__)

DICTIONARY_PATH = Path(__file__).with_name("dictionary")
_CODES = {
    DynamicAuthorization.Kind.DISCONNECT: (radius.DisconnectRequest, radius.DisconnectACK, radius.DisconnectNAK),
    DynamicAuthorization.Kind.COA: (radius.CoARequest, radius.CoAACK, radius.CoANAK),
}


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    return Dictionary(str(DICTIONARY_PATH))


def session_identity(session) -> dict:
    """The attributes that name one session on its NAS (RFC 5176 section 3)."""
    attributes = {"Acct-Session-Id": session.acct_session_id}
    if session.username:
        attributes["User-Name"] = session.username
    if session.mac:
        attributes["Calling-Station-Id"] = session.mac.replace(":", "-").upper()
    if session.framed_ip and ip_address(session.framed_ip).version == 4:
        attributes["Framed-IP-Address"] = session.framed_ip
    return attributes


def send(nas, kind: str, attributes: dict, *, reason: str, session=None) -> DynamicAuthorization:
    """Send one request to the NAS, retrying on silence, and record the outcome."""
    record = DynamicAuthorization.objects.create(kind=kind, nas=nas, session=session, reason=reason[:200],
                                                 attributes=attributes)
    try:
        raw, request = _encode(nas, kind, attributes)
    except (KeyError, ValueError, TypeError) as error:
        logger.error("dynauth %s id=%s to %s not encoded: %s", kind, record.pk, nas.identifier, error)
        return _finish(record, DynamicAuthorization.Outcome.ERROR, detail=str(error)[:255])
    return _exchange(record, nas, raw, request)


def _encode(nas, kind, attributes):
    request_code = _CODES[kind][0]
    request = radius.CoAPacket(code=request_code, secret=secret_for(nas).encode(), dict=dictionary(),
                               message_authenticator=True)
    if ip_address(nas.ip_address).version == 4:
        request["NAS-IP-Address"] = nas.ip_address
    request["NAS-Identifier"] = nas.identifier
    for name, value in attributes.items():
        request[name] = value
    request["Event-Timestamp"] = int(now().timestamp())
    return request.RequestPacket(), request


def _exchange(record, nas, raw, request):
    attempts = getattr(settings, "RADIUS_DYNAUTH_ATTEMPTS", 3)
    timeout = getattr(settings, "RADIUS_DYNAUTH_TIMEOUT", 1.0)
    family = socket.AF_INET6 if ip_address(nas.ip_address).version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.connect((nas.ip_address, nas.coa_port))
        for attempt in range(1, attempts + 1):
            record.attempts = attempt
            if attempt > 1:
                logger.warning("dynauth %s id=%s to %s: timed out, retry %d/%d", record.kind, record.pk,
                               nas.identifier, attempt, attempts)
            try:
                sock.send(raw)
            except OSError as error:
                logger.error("dynauth %s id=%s to %s: send failed: %s", record.kind, record.pk, nas.identifier, error)
                return _finish(record, DynamicAuthorization.Outcome.ERROR, detail=str(error)[:255])
            reply = _await_reply(sock, request, timeout)
            if reply is not None:
                return _conclude(record, nas, reply)
    logger.error("dynauth %s id=%s to %s: timed out after %d attempts", record.kind, record.pk,
                 nas.identifier, attempts)
    return _finish(record, DynamicAuthorization.Outcome.TIMEOUT)


def _await_reply(sock, request, timeout):
    return await_verified_reply(sock, request, timeout, label="dynauth")


def _conclude(record, nas, reply):
    _request_code, ack_code, nak_code = _CODES[record.kind]
    error_cause = reply.get("Error-Cause", [None])[0] if "Error-Cause" in reply else None
    if reply.code == ack_code:
        logger.info("dynauth %s id=%s to %s acknowledged", record.kind, record.pk, nas.identifier)
        return _finish(record, DynamicAuthorization.Outcome.ACK, error_cause=error_cause)
    if reply.code == nak_code:
        logger.warning("dynauth %s id=%s to %s refused, Error-Cause %s", record.kind, record.pk,
                       nas.identifier, error_cause)
        return _finish(record, DynamicAuthorization.Outcome.NAK, error_cause=error_cause)
    return _finish(record, DynamicAuthorization.Outcome.ERROR, detail=f"unexpected reply code {reply.code}")


def _finish(record, outcome, *, error_cause=None, detail=""):
    record.outcome = outcome
    record.error_cause = error_cause
    record.detail = detail
    record.finished_at = now()
    with transaction.atomic():
        record.save(update_fields=["outcome", "error_cause", "detail", "finished_at", "attempts"])
    return record
