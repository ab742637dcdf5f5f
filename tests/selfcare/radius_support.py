"""Helpers to play a station and a NAS's Disconnect listener in private-WiFi tests."""

import os
import socket
import threading
from pathlib import Path

from pyrad import packet as radius
from pyrad.dictionary import Dictionary

from planetcampus.selfcare.handshake import build_message_2
from planetcampus.selfcare.keys import pmk_for

AP_MAC = "02:00:00:00:00:01"
DICTIONARY = Path(__file__).resolve().parents[2] / "src" / "planetcampus" / "aaa" / "dictionary"


def handshake_attributes(key: str, ssid: str, station: str, *, vendor: str = "hostapd") -> dict:
    """Return the attributes an access point adds for a station that typed `key` (its message 2)."""
    anonce, snonce = os.urandom(32), os.urandom(32)
    aa, spa = bytes.fromhex(AP_MAC.replace(":", "")), bytes.fromhex(station.replace(":", ""))
    frame = build_message_2(pmk_for(key, ssid), aa, spa, anonce, snonce)
    if vendor == "ruckus":
        return {"Ruckus-SSID": ssid, "Ruckus-BSSID": "0x" + aa.hex(),
                "Ruckus-DPSK-Anonce": "0x" + anonce.hex(), "Ruckus-DPSK-EAPOL-Key-Frame": "0x" + frame.hex()}
    return {"FreeRADIUS-802.1X-Anonce": "0x" + anonce.hex(), "FreeRADIUS-802.1X-EAPoL-Key-Msg": "0x" + frame.hex()}


class DisconnectListener:
    """A NAS's RFC 5176 port on 127.0.0.1: records each request and acknowledges it."""

    def __init__(self, secret: str):
        self.secret = secret.encode()
        self.dictionary = Dictionary(str(DICTIONARY))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.requests: list[radius.Packet] = []
        self.received = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()

    def _serve(self):
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(4096)
            except (TimeoutError, socket.timeout):
                continue
            request = radius.CoAPacket(secret=self.secret, dict=self.dictionary, packet=data)
            # A NAS drops requests whose authenticators do not verify (RFC 5176, BlastRADIUS).
            request.verified = request.VerifyCoARequest() and request.verify_message_authenticator()
            self.requests.append(request)
            reply = request.CreateReply()  # Disconnect-ACK for a Disconnect-Request
            self.sock.sendto(reply.ReplyPacket(), peer)
            self.received.set()
