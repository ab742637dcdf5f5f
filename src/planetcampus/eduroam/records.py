"""The authentication record FreeRADIUS writes, and how the platform stores it.

A record is a JSON object whose keys are attribute names. FreeRADIUS
builds it twice: as the body of the HTTP post, from `json_body_template`
(rlm_rest escapes each expanded value for JSON), and as the spool line,
with rlm_json's json_encode. FIELDS is the one table linking our field
names to those attributes: the generator writes both from it and
`parse_record` reads either with it.
"""

import hashlib
import ipaddress
import json
import logging
from datetime import UTC, datetime

from planetcampus.aaa.macs import try_normalise_mac
from planetcampus.eduroam.identity import realm_of
from planetcampus.eduroam.models import Authentication
from planetcampus.estate.models import Nas, Residence

logger = logging.getLogger(__name__)

# field: "list:Attribute". Tmp-* attributes carry what RADIUS has no
# attribute for; FreeRADIUS never sends them on the wire.
FIELDS = {
    "outer_identity": "request:User-Name",
    "mac": "request:Calling-Station-Id",
    "called_station_id": "request:Called-Station-Id",
    "nas_identifier": "request:NAS-Identifier",
    "operator_name": "request:Operator-Name",
    "cui": "reply:Chargeable-User-Identity",
    "reply_message": "reply:Reply-Message",
    "residence": "control:Tmp-String-0",
    "reason": "control:Tmp-String-1",
    "result": "control:Tmp-String-2",
    "home_server": "control:Tmp-String-3",
    "nas_ip_address": "control:Tmp-IP-Address-0",
    "time_seconds": "control:Tmp-Integer-1",
    "time_microseconds": "control:Tmp-Integer-2",
}


class InvalidRecord(ValueError):
    pass


def json_body_template() -> str:
    """Return the rlm_rest `data` template: one key per field, values expanded."""
    members = [f'"{attribute.partition(":")[2]}":"%{{{attribute}}}"' for attribute in FIELDS.values()]
    return "{" + ",".join(members) + "}"


def json_encode_arguments() -> str:
    """Return the attribute list given to json_encode in the generated policy."""
    return " ".join(f"&{attribute}" for attribute in FIELDS.values())


def parse_record(raw: str | bytes) -> dict:
    """Turn one JSON record into Authentication field values; raise InvalidRecord."""
    text = raw.decode() if isinstance(raw, bytes) else raw
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidRecord(f"The record is not JSON: {error}.") from None
    if not isinstance(document, dict):
        raise InvalidRecord("The record is not a JSON object.")

    values = {field: _text(document.get(attribute.partition(":")[2])) for field, attribute in FIELDS.items()}
    if values["result"] not in Authentication.Result.values:
        raise InvalidRecord(f"The result {values['result']!r} is invalid: expected accept or reject.")
    if values["reason"] not in Authentication.Reason.values:
        raise InvalidRecord(f"The reason {values['reason']!r} is unknown.")
    return values


def store_record(raw: str | bytes) -> tuple[Authentication, bool]:
    """Store one record unless it is already stored; return it and whether it is new."""
    values = parse_record(raw)
    # The digest covers the values, not the bytes: the same authentication
    # posted and also spooled (the post timed out after being stored) is
    # stored once.
    digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()
    nas = _find_nas(values["nas_ip_address"])
    residence = nas.residence if nas else Residence.objects.filter(code=values["residence"]).first()

    return Authentication.objects.get_or_create(
        digest=digest,
        defaults={
            "occurred_at": _time(values["time_seconds"], values["time_microseconds"]),
            "residence": residence,
            "nas": nas,
            "nas_ip_address": values["nas_ip_address"] or None,
            "nas_identifier": values["nas_identifier"][:64] or (nas.identifier if nas else ""),
            "outer_identity": values["outer_identity"][:253],
            "realm": realm_of(values["outer_identity"])[:253],
            "mac": _mac(values["mac"]),
            "called_station_id": values["called_station_id"][:253],
            "result": values["result"],
            "reason": values["reason"],
            "cui": values["cui"][:253],
            "operator_name": values["operator_name"][:253],
            "home_server": values["home_server"][:253],
            "reply_message": values["reply_message"][:253],
        },
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value)
    # Octets attributes (Chargeable-User-Identity) arrive as 0x-hex; home
    # servers put printable text in them, which is what people search for.
    if text.startswith("0x") and len(text) % 2 == 0:
        try:
            decoded = bytes.fromhex(text[2:]).decode()
        except ValueError:
            return text
        if decoded.isprintable():
            return decoded
    return text


def _time(seconds: str, microseconds: str) -> datetime:
    try:
        stamp = int(seconds) + int(microseconds or 0) / 1_000_000
    except ValueError:
        raise InvalidRecord(f"The time {seconds!r} is invalid: expected seconds since 1970.") from None
    return datetime.fromtimestamp(stamp, tz=UTC)


def _find_nas(address: str) -> Nas | None:
    if not address:
        return None
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise InvalidRecord(f"The NAS address {address!r} is invalid.") from None
    return Nas.objects.select_related("residence").filter(ip_address=address).first()


def _mac(value: str) -> str:
    mac = try_normalise_mac(value)
    if value and mac is None:
        logger.warning("eduroam record with an unreadable Calling-Station-Id %r", value[:40])
    return mac or ""
