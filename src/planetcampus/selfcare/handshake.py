"""Find whose key a new device used, from message 2 of its WPA2 4-way handshake.

An access point that does not know a station's MAC address (hostapd with
`wpa_psk_radius=3`, Ruckus unbound DPSK) sends the ANonce it chose and the
station's EAPOL-Key message 2, which carries the SNonce and a MIC computed
with the station's key. For each candidate PMK we rebuild the KCK and
recompute that MIC; the candidate whose MIC matches is the key the station
typed (IEEE 802.11-2020 12.7.1.3 and 12.7.6.3).

Limitation: only key descriptor versions 1 (HMAC-MD5) and 2 (HMAC-SHA1),
that is WPA2-PSK. PSK-SHA256 (version 3, AES-CMAC), SAE (WPA3) and 802.11r
FT cannot be searched this way; those need MAC-bound keys.
"""

import hashlib
import hmac
from dataclasses import dataclass
from typing import Iterable, TypeVar

EAPOL_KEY_TYPE = 3
# Offsets in an EAPOL frame that starts with its 4-byte 802.1X header.
NONCE_AT, NONCE_END = 17, 49
MIC_AT, MIC_END = 81, 97
MIN_FRAME = 99
KEY_INFO_VERSION_MASK = 0x0007

T = TypeVar("T")


class HandshakeError(ValueError):
    """The handshake material cannot be checked (truncated, wrong type, unsupported version)."""


@dataclass(frozen=True)
class Handshake:
    authenticator: bytes  # AA: the BSSID of the access point
    supplicant: bytes  # SPA: the station's MAC address
    anonce: bytes
    eapol: bytes  # message 2, 802.1X header included

    def __post_init__(self):
        if len(self.authenticator) != 6 or len(self.supplicant) != 6:
            raise HandshakeError("MAC addresses must be 6 bytes.")
        if len(self.anonce) != 32:
            raise HandshakeError(f"ANonce must be 32 bytes, got {len(self.anonce)}.")
        if len(self.eapol) < MIN_FRAME or self.eapol[1] != EAPOL_KEY_TYPE:
            raise HandshakeError("EAPoL-Key-Msg is not a complete EAPOL-Key frame.")
        if self.version not in (1, 2):
            raise HandshakeError(f"Key descriptor version {self.version} is not supported (WPA2-PSK only).")

    @property
    def version(self) -> int:
        return int.from_bytes(self.eapol[5:7], "big") & KEY_INFO_VERSION_MASK

    @property
    def snonce(self) -> bytes:
        return self.eapol[NONCE_AT:NONCE_END]

    @property
    def mic(self) -> bytes:
        return self.eapol[MIC_AT:MIC_END]

    def kck(self, pmk: bytes) -> bytes:
        """Return the key confirmation key: the first 16 bytes of PRF-384 (PTK)."""
        macs = min(self.authenticator, self.supplicant) + max(self.authenticator, self.supplicant)
        nonces = min(self.anonce, self.snonce) + max(self.anonce, self.snonce)
        return prf(pmk, b"Pairwise key expansion", macs + nonces, 16)

    def expected_mic(self, pmk: bytes) -> bytes:
        zeroed = self.eapol[:MIC_AT] + bytes(16) + self.eapol[MIC_END:]
        digest = hashlib.md5 if self.version == 1 else hashlib.sha1
        return hmac.new(self.kck(pmk), zeroed, digest).digest()[:16]

    def matches(self, pmk: bytes) -> bool:
        return hmac.compare_digest(self.expected_mic(pmk), self.mic)


def prf(key: bytes, label: bytes, data: bytes, length: int) -> bytes:
    """IEEE 802.11 PRF: HMAC-SHA1 blocks over label, a zero byte, data and a counter, cut to `length`."""
    output = b""
    for counter in range((length + 19) // 20):
        output += hmac.new(key, label + b"\x00" + data + bytes([counter]), hashlib.sha1).digest()
    return output[:length]


def matching(handshake: Handshake, candidates: Iterable[tuple[T, bytes]]) -> list[T]:
    """Return the owners of every candidate PMK that produces the handshake's MIC."""
    return [owner for owner, pmk in candidates if handshake.matches(bytes(pmk))]


def build_message_2(pmk: bytes, authenticator: bytes, supplicant: bytes, anonce: bytes, snonce: bytes,
                    *, replay_counter: int = 1, key_data: bytes = b"") -> bytes:
    """Build the EAPOL-Key message 2 a station with `pmk` would send (what a supplicant does).

    Used by the benchmark and the end-to-end tests to play the station's
    side; the platform itself only checks frames.
    """
    body = bytearray()
    body += bytes([2])  # descriptor type: RSN
    body += (0x010A).to_bytes(2, "big")  # key info: version 2, pairwise, MIC set
    body += (0).to_bytes(2, "big")  # key length
    body += replay_counter.to_bytes(8, "big")
    body += snonce
    body += bytes(16 + 8 + 8)  # key IV, RSC, reserved
    body += bytes(16)  # MIC, filled below
    body += len(key_data).to_bytes(2, "big") + key_data
    frame = bytes([1, EAPOL_KEY_TYPE]) + len(body).to_bytes(2, "big") + bytes(body)
    unsigned = Handshake(authenticator, supplicant, anonce, frame)
    mic = unsigned.expected_mic(pmk)
    return frame[:MIC_AT] + mic + frame[MIC_END:]
