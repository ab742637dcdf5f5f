"""The handshake search: the 802.11 PRF, PMK derivation and MIC matching."""

import os

import pytest

from planetcampus.selfcare.handshake import Handshake, HandshakeError, build_message_2, matching, prf
from planetcampus.selfcare.keys import pmk_for

AA = bytes.fromhex("020000000001")
SPA = bytes.fromhex("0e23456a020e")


def test_prf_matches_the_ieee_802_11_test_vector():
    # The PRF-512 test vector of IEEE 802.11 Annex J (test case 1).
    expected = ("bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606e17d8da35402ffee"
                "75df78c3d31e0f889f012120c0862beb67753e7439ae242edb8373698356cf5a")
    assert prf(b"\x0b" * 20, b"prefix", b"Hi There", 64).hex() == expected


def test_pmk_matches_the_ieee_802_11_passphrase_vector():
    # The PSK-mapping test vector of IEEE 802.11 Annex J: passphrase "password", SSID "IEEE".
    assert pmk_for("password", "IEEE").hex() == "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e"


def _handshake(key, ssid="PlanetCampus-Prive"):
    anonce, snonce = os.urandom(32), os.urandom(32)
    frame = build_message_2(pmk_for(key, ssid), AA, SPA, anonce, snonce)
    return Handshake(AA, SPA, anonce, frame)


def test_only_the_key_the_station_typed_matches():
    handshake = _handshake("WXCRF6HKTAMN")
    candidates = [(name, pmk_for(key, "PlanetCampus-Prive"))
                  for name, key in [("ana", "WXCRF6HKTAMN"), ("bao", "WXCRF6HKTAMP"), ("cy", "34679ACEFGHJ")]]
    assert matching(handshake, candidates) == ["ana"]


def test_the_same_key_on_another_ssid_does_not_match():
    handshake = _handshake("WXCRF6HKTAMN", ssid="Other")
    assert matching(handshake, [("ana", pmk_for("WXCRF6HKTAMN", "PlanetCampus-Prive"))]) == []


def test_a_tampered_frame_matches_nothing():
    handshake = _handshake("WXCRF6HKTAMN")
    frame = bytearray(handshake.eapol)
    frame[30] ^= 0xFF  # a bit of the SNonce
    tampered = Handshake(AA, SPA, handshake.anonce, bytes(frame))
    assert matching(tampered, [("ana", pmk_for("WXCRF6HKTAMN", "PlanetCampus-Prive"))]) == []


@pytest.mark.parametrize("frame, message", [
    (b"\x01\x03\x00\x10" + bytes(20), "complete"),
    (b"\x01\x00\x00\x5f" + bytes(95), "complete"),
])
def test_truncated_or_foreign_frames_are_refused(frame, message):
    with pytest.raises(HandshakeError, match=message):
        Handshake(AA, SPA, bytes(32), frame)


def test_sha256_akm_frames_are_refused_as_unsupported():
    good = _handshake("WXCRF6HKTAMN").eapol
    version_3 = good[:5] + (int.from_bytes(good[5:7], "big") & ~0x7 | 0x3).to_bytes(2, "big") + good[7:]
    with pytest.raises(HandshakeError, match="version 3"):
        Handshake(AA, SPA, bytes(32), version_3)
