"""Status-Server probes of the federation proxies (RFC 5997), from the platform.

FreeRADIUS probes a proxy only once it stopped answering, and keeps what
it learns to itself. This probe lets operators see each proxy's health on
their page and test a new proxy before FreeRADIUS is restarted.
"""

import logging
import socket
import time
from dataclasses import dataclass

from django.db import transaction
from pyrad import packet as radius

from planetcampus.aaa.dynauth import dictionary
from planetcampus.aaa.replies import await_verified_reply
from planetcampus.aaa.secrets import secret_for
from planetcampus.core import clock
from planetcampus.eduroam.models import FederationProxy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    milliseconds: int | None
    error: str = ""


def probe(proxy: FederationProxy, *, timeout: float = 3.0, attempts: int = 2) -> ProbeResult:
    """Send Status-Server to one proxy and wait for a verified Access-Accept."""
    try:
        secret = secret_for(proxy, create=False).encode()
    except KeyError:
        return ProbeResult(False, None, f"no secret stored under {proxy.secret_ref}")
    request = radius.AuthPacket(code=radius.StatusServer, secret=secret, dict=dictionary(),
                                message_authenticator=True)
    request["NAS-Identifier"] = "planetcampus-probe"
    raw = request.RequestPacket()

    try:
        address = socket.getaddrinfo(proxy.host, proxy.port, type=socket.SOCK_DGRAM)[0]
    except socket.gaierror as error:
        return ProbeResult(False, None, f"host {proxy.host} not found: {error}")
    with socket.socket(address[0], socket.SOCK_DGRAM) as sock:
        sock.connect(address[4])
        for _attempt in range(attempts):
            started = time.monotonic()
            sock.send(raw)
            reply = _await_reply(sock, request, timeout)
            if reply is not None:
                return _verdict(reply, round((time.monotonic() - started) * 1000))
    return ProbeResult(False, None, f"no answer after {attempts} attempts of {timeout:g} s")


def probe_all() -> list[tuple[FederationProxy, ProbeResult]]:
    """Probe every proxy and store each result on it."""
    results = []
    for proxy in FederationProxy.objects.order_by("priority", "name"):
        result = probe(proxy)
        with transaction.atomic():
            FederationProxy.objects.filter(pk=proxy.pk).update(
                last_probe_at=clock.now(), last_probe_ok=result.ok, last_probe_ms=result.milliseconds,
                last_probe_error=result.error[:255],
            )
        log = logger.info if result.ok else logger.warning
        log("Status-Server probe of federation proxy %s: %s", proxy.name,
            f"{result.milliseconds} ms" if result.ok else result.error)
        results.append((proxy, result))
    return results


def _await_reply(sock, request, timeout):
    return await_verified_reply(sock, request, timeout, label="Status-Server probe")


def _verdict(reply, milliseconds: int) -> ProbeResult:
    # RFC 5997 section 4: an authentication server responds to Status-Server with Access-Accept.
    if reply.code == radius.AccessAccept:
        return ProbeResult(True, milliseconds)
    return ProbeResult(False, milliseconds, f"unexpected reply code {reply.code}")
