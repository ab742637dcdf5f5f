"""Waiting for a RADIUS reply on a UDP socket, shared by CoA/Disconnect and Status-Server probes."""

import logging
import socket
import time

from pyrad import packet as radius

logger = logging.getLogger(__name__)


def await_verified_reply(sock, request, timeout: float, *, label: str):
    """Return the first reply whose authenticator verifies, or None after `timeout` seconds.

    Forged or stray datagrams are skipped. RFC 5176 and RFC 5997 make
    Message-Authenticator optional in replies; when present it must verify.
    """
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        sock.settimeout(remaining)
        try:
            data = sock.recv(4096)
        except (TimeoutError, socket.timeout):
            return None
        except OSError:
            # ICMP port unreachable surfaces here: wait out the attempt.
            time.sleep(max(0.0, deadline - time.monotonic()))
            return None
        try:
            reply = radius.Packet(secret=request.secret, dict=request.dict, packet=data)
        except radius.PacketError:
            continue
        if request.VerifyReply(reply, data):
            return reply
        logger.warning("%s: reply with an invalid authenticator ignored", label)
    return None
