"""Gateway adapters: read a captive redirect, build the hand-back.

Each NAS vendor sends the client to the portal with its own parameters and
expects the credentials back in its own way:

- CoovaChilli (UAM): GET redirect with res, uamip, uamport, challenge, mac,
  ip, ssid, nasid, userurl and `md` = MD5(URL + uamsecret); hand-back by
  GET http://uamip:uamport/logon?username=&password=<PAP-encoded hex>.
- openNDS (FAS level 0 or 1): clear parameters, or `fas` = base64 of
  "name=value, name=value"; hand-back by GET to the gateway's authdir with
  tok = sha256(hid + faskey) (level 1) or the clear tok (level 0).
- MikroTik hotspot: link-login-only, mac, ip, link-orig; hand-back by POST
  of username, password and dst to link-login-only (enable HTTP PAP).
- Cisco WLC external web authentication: switch_url, client_mac, wlan,
  redirect; hand-back by POST of buttonClicked=4, username, password.
- Aruba: mac, ip, essid, url, switchip or post; hand-back by POST of user,
  password, url to the controller's /cgi-bin/login.

Every hand-back URL must point at a gateway address (a private, loopback or
documentation IP, or a host in PORTAL_GATEWAY_HOSTS), so the parameters
cannot send one-time credentials to a host of the attacker's choosing.
"""

import base64
import binascii
import hashlib
import hmac
import ipaddress
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from planetcampus.config import env_list
from planetcampus.portal import conf

logger = logging.getLogger(__name__)

EXTRA_GATEWAY_HOSTS = set(env_list("PORTAL_GATEWAY_HOSTS", []))
# Cisco documents 192.0.2.1 as the WLC virtual interface address.
_DOCUMENTATION_NET = ipaddress.ip_network("192.0.2.0/24")
_SHARED_NET = ipaddress.ip_network("100.64.0.0/10")


@dataclass
class Arrival:
    """What a gateway redirect tells about the client."""

    client_mac: str = ""
    client_ip: str | None = None
    ssid: str = ""
    original_url: str = ""
    verified: bool = False
    result: str = ""  # CoovaChilli `res`: notyet, success, failed, already, logoff
    message: str = ""
    params: dict = field(default_factory=dict)


@dataclass
class HandBack:
    """How the browser gives the one-time credentials to the gateway."""

    method: str  # "GET" (plain redirect) or "POST" (a form the student submits)
    url: str
    fields: dict = field(default_factory=dict)


class GatewayError(ValueError):
    pass


def is_gateway_host(host: str) -> bool:
    host = (host or "").strip("[]").lower()
    if host in EXTRA_GATEWAY_HOSTS:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address in _DOCUMENTATION_NET or address in _SHARED_NET


def checked_gateway_url(url: str) -> str:
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.username or parts.password:
        raise GatewayError(f"{url!r} is not an http(s) gateway URL.")
    if not is_gateway_host(parts.hostname):
        raise GatewayError(f"{parts.hostname!r} is not a gateway address; add it to PORTAL_GATEWAY_HOSTS if it is one.")
    return url


def _ip_or_none(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


# CoovaChilli ---------------------------------------------------------------

def _coova_parse(query: dict, full_url: str) -> Arrival:
    verified = False
    if conf.UAM_SECRET and "md" in query:
        signed = full_url.split("&md=", 1)[0]
        expected = hashlib.md5((signed + conf.UAM_SECRET).encode()).hexdigest()
        verified = hmac.compare_digest(expected.upper(), query["md"].upper())
        if not verified:
            logger.warning("CoovaChilli redirect with a wrong md for NAS %s", query.get("nasid", "-"))
    keep = {name: query.get(name, "") for name in ("uamip", "uamport", "challenge", "called", "nasid", "sessionid")}
    return Arrival(client_mac=query.get("mac", ""), client_ip=_ip_or_none(query.get("ip", "")),
                   ssid=query.get("ssid", ""), original_url=query.get("userurl", ""), verified=verified,
                   result=query.get("res", ""), message=query.get("reply", ""), params=keep)


def coova_pap_password(password: str, challenge_hex: str, secret: str) -> str:
    """Encode a password for CoovaChilli's /logon (PAP).

    The gateway XORs the hex-decoded value with the challenge, or with
    MD5(challenge + uamsecret) when a UAM secret is set, 16 bytes at a time.
    """
    challenge = binascii.unhexlify(challenge_hex)
    key = hashlib.md5(challenge + secret.encode()).digest() if secret else challenge
    data = password.encode().ljust(16, b"\0")
    return bytes(byte ^ key[index % len(key)] for index, byte in enumerate(data)).hex()


def _coova_hand_back(params: dict, username: str, password: str, original_url: str) -> HandBack:
    port = int(params.get("uamport") or 3990)
    host = params.get("uamip", "")
    try:
        challenge_ok = len(binascii.unhexlify(params.get("challenge", ""))) == 16
    except binascii.Error:
        challenge_ok = False
    if not challenge_ok:
        raise GatewayError("The CoovaChilli challenge is missing or is not 32 hexadecimal digits.")
    url = checked_gateway_url(f"http://{host}:{port}/logon")
    fields = {"username": username, "password": coova_pap_password(password, params["challenge"], conf.UAM_SECRET)}
    if original_url:
        fields["userurl"] = original_url
    return HandBack("GET", f"{url}?{urlencode(fields)}")


# openNDS -------------------------------------------------------------------

def _opennds_values(query: dict) -> dict:
    """The clear parameters, plus those inside `fas` (FAS level 1)."""
    values = dict(query)
    if "fas" in query:
        try:
            text = base64.b64decode(query["fas"] + "==", validate=False).decode("utf-8", "replace")
        except binascii.Error as error:
            raise GatewayError("The openNDS fas parameter is not base64.") from error
        for pair in text.split(","):
            name, _, value = pair.strip().partition("=")
            if name:
                values[name] = value
    return values


def _opennds_parse(query: dict, full_url: str) -> Arrival:
    values = _opennds_values(query)
    keep = {name: values.get(name, "") for name in ("gatewayname", "gatewayaddress", "authdir", "hid", "tok", "authaction", "clientif")}
    return Arrival(client_mac=values.get("clientmac", ""), client_ip=_ip_or_none(values.get("clientip", "")),
                   ssid=values.get("gatewayname", ""), original_url=values.get("originurl") or values.get("redir", ""),
                   verified=False, params=keep)


def _opennds_hand_back(params: dict, username: str, password: str, original_url: str) -> HandBack:
    redirect_to = original_url or ""
    if params.get("hid"):
        if not conf.OPENNDS_FASKEY:
            raise GatewayError("openNDS sent a hid but PORTAL_OPENNDS_FASKEY is not set.")
        token = hashlib.sha256((params["hid"] + conf.OPENNDS_FASKEY).encode()).hexdigest()
        base = checked_gateway_url(f"http://{params.get('gatewayaddress', '')}/{params.get('authdir', 'opennds_auth').strip('/')}/")
    elif params.get("tok") and params.get("authaction"):
        token = params["tok"]
        base = checked_gateway_url(params["authaction"])
    else:
        raise GatewayError("The openNDS redirect has neither hid nor tok and authaction.")
    # openNDS opens the client itself; the one-time credentials are still
    # issued so accounting from a RADIUS-speaking FAS can tie the session.
    return HandBack("GET", f"{base}?{urlencode({'tok': token, 'redir': redirect_to})}")


# MikroTik, Cisco, Aruba ----------------------------------------------------

def _mikrotik_parse(query: dict, full_url: str) -> Arrival:
    return Arrival(client_mac=query.get("mac", ""), client_ip=_ip_or_none(query.get("ip", "")),
                   ssid=query.get("ssid", ""), original_url=query.get("link-orig", "") or query.get("dst", ""),
                   params={"login_url": query.get("link-login-only", ""), "identity": query.get("identity", "")})


def _mikrotik_hand_back(params, username, password, original_url) -> HandBack:
    fields = {"username": username, "password": password, "dst": original_url, "popup": "false"}
    return HandBack("POST", checked_gateway_url(params.get("login_url", "")), fields)


def _cisco_parse(query: dict, full_url: str) -> Arrival:
    return Arrival(client_mac=query.get("client_mac", ""), ssid=query.get("wlan", ""),
                   original_url=query.get("redirect", ""),
                   params={"switch_url": query.get("switch_url", ""), "ap_mac": query.get("ap_mac", "")})


def _cisco_hand_back(params, username, password, original_url) -> HandBack:
    fields = {"buttonClicked": "4", "username": username, "password": password, "redirect_url": original_url}
    return HandBack("POST", checked_gateway_url(params.get("switch_url", "")), fields)


def _aruba_parse(query: dict, full_url: str) -> Arrival:
    return Arrival(client_mac=query.get("mac", ""), client_ip=_ip_or_none(query.get("ip", "")),
                   ssid=query.get("essid", ""), original_url=query.get("url", ""),
                   params={"switchip": query.get("switchip", ""), "post": query.get("post", ""), "apname": query.get("apname", "")})


def _aruba_hand_back(params, username, password, original_url) -> HandBack:
    target = params.get("post") or f"https://{params.get('switchip', '')}/cgi-bin/login"
    if not target.startswith(("http://", "https://")):
        target = f"https://{target}/cgi-bin/login"
    fields = {"user": username, "password": password, "url": original_url, "cmd": "authenticate"}
    return HandBack("POST", checked_gateway_url(target), fields)


# Registry ------------------------------------------------------------------

PARSERS = {
    "coovachilli": _coova_parse,
    "opennds": _opennds_parse,
    "mikrotik": _mikrotik_parse,
    "cisco": _cisco_parse,
    "aruba": _aruba_parse,
}
HAND_BACKS = {
    "coovachilli": _coova_hand_back,
    "opennds": _opennds_hand_back,
    "mikrotik": _mikrotik_hand_back,
    "cisco": _cisco_hand_back,
    "aruba": _aruba_hand_back,
}
# Query parameters that name the NAS when the portal URL does not.
NAS_PARAMETERS = ("nasid", "gatewayname", "identity", "nas")


def nas_candidates(query: dict) -> list[str]:
    """Identifiers that may name the NAS, from the query or an openNDS `fas` blob."""
    names = [query.get(name, "") for name in NAS_PARAMETERS]
    if "fas" in query:
        try:
            names.append(_opennds_values(query).get("gatewayname", ""))
        except GatewayError:
            pass
    return [name for name in names if name]


def parse_arrival(vendor: str, query: dict, full_url: str) -> Arrival:
    """Read the redirect of a gateway of `vendor`; unknown vendors give an empty Arrival.

    Vendors without an adapter (hostapd, Ruckus, other) still reach the
    portal, but without client context and without a hand-back.
    """
    parser = PARSERS.get(vendor)
    if parser is None:
        return Arrival(original_url=query.get("url", ""))
    return parser(query, full_url)


def build_hand_back(visit, username: str, password: str, original_url: str) -> HandBack | None:
    """Return the hand-back for the visit's gateway, or None when it has none."""
    hand_back = HAND_BACKS.get(visit.vendor)
    if hand_back is None or visit.nas_id is None:
        return None
    return hand_back(visit.gateway, username, password, original_url)
