"""Accounting-Requests turned into sessions, usage per day and known devices.

Rules that make replays harmless:
- a session is found by Acct-Unique-Session-Id (computed by FreeRADIUS);
- octet and time counters are totals: a packet only ever raises them, so a
  retransmission, a duplicate or an older packet arriving late adds
  nothing;
- the octets a packet adds are spread over the time since the previous
  packet, and split across Paris midnights in proportion to the seconds
  of each day;
- an Interim-Update or a Stop for a session never started creates it,
  with its start at the event time minus Acct-Session-Time;
- Accounting-On and Accounting-Off close every open session of the NAS;
  a Start for a session closed that way is a new session (a NAS that
  reuses its Acct-Session-Id after a reboot and echoes no Class).
The event time is the time the packet reached FreeRADIUS minus
Acct-Delay-Time; FreeRADIUS's detail reader adds the time spent in the
buffer to Acct-Delay-Time.
"""

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F

from planetcampus.aaa.macs import split_station_id, try_normalise_mac
from planetcampus.aaa.models import AccountingSession, DailyUsage, Device
from planetcampus.core.clock import PARIS, now

logger = logging.getLogger(__name__)

START, STOP, INTERIM, ON, OFF = "Start", "Stop", "Interim-Update", "Accounting-On", "Accounting-Off"
_STATUS_NUMBERS = {"1": START, "2": STOP, "3": INTERIM, "7": ON, "8": OFF}
_REOPENABLE = {AccountingSession.ClosedBy.NAS_REBOOT, AccountingSession.ClosedBy.NAS_OFF,
               AccountingSession.ClosedBy.SILENCE}


def record_packet(known, packet: dict[str, str], *, received_at: datetime | None = None) -> str:
    """Store one Accounting-Request; return what was done, for the log."""
    status = _STATUS_NUMBERS.get(packet.get("Acct-Status-Type", ""), packet.get("Acct-Status-Type", ""))
    event_at = (received_at or now()) - timedelta(seconds=_int(packet.get("Acct-Delay-Time")))
    nas = known.nas
    if status in (ON, OFF):
        closed_by = AccountingSession.ClosedBy.NAS_REBOOT if status == ON else AccountingSession.ClosedBy.NAS_OFF
        count = close_nas_sessions(nas, event_at, closed_by)
        logger.info("%s from NAS %s closed %d session(s)", status, nas.identifier, count)
        return f"closed {count}"
    if status not in (START, STOP, INTERIM) or not packet.get("Acct-Unique-Session-Id"):
        logger.warning("accounting packet ignored from NAS %s: status %r", nas.identifier, status)
        return "ignored"
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _record_session_packet(known, status, packet, event_at)
        except IntegrityError:
            # Two workers created the same session at once: the next try finds it.
            logger.info("accounting race on %s, retrying", packet.get("Acct-Unique-Session-Id"))
    raise RuntimeError("accounting session could not be stored after three tries")


def _record_session_packet(known, status, packet, event_at) -> str:
    unique_id = packet["Acct-Unique-Session-Id"]
    session = AccountingSession.objects.select_for_update().filter(unique_id=unique_id).first()
    if session is not None and status == START and session.closed_by in _REOPENABLE and event_at > session.stopped_at:
        # The NAS restarted and reused the id: keep the old session under another key.
        session.unique_id = f"{unique_id}~{session.pk}"
        session.save(update_fields=["unique_id"])
        session = None
    outcome = "updated"
    if session is None:
        session = _new_session(known, status, packet, event_at)
        outcome = "created"
    _apply(session, status, packet, event_at)
    return outcome


def _new_session(known, status, packet, event_at) -> AccountingSession:
    from planetcampus.aaa.policy import learn_device

    nas = known.nas
    station = try_normalise_mac(packet.get("Calling-Station-Id")) or ""
    _mac, ssid = split_station_id(packet.get("Called-Station-Id", ""))
    user = _user_of(packet, station)
    started_at = event_at - timedelta(seconds=_int(packet.get("Acct-Session-Time")))
    device = None
    if user is not None and station:
        device = learn_device(user, station, nas=nas, purpose=known.purpose_of(ssid), seen_at=event_at)
    # Saved once, by _apply, after the packet's counters are set.
    return AccountingSession(
        unique_id=packet["Acct-Unique-Session-Id"], acct_session_id=packet.get("Acct-Session-Id", "")[:120],
        nas=nas, nas_identifier=nas.identifier, nas_ip=nas.ip_address, user=user,
        username=packet.get("User-Name", "")[:253], account=getattr(user, "email", ""), device=device,
        mac=station, nas_port_id=packet.get("NAS-Port-Id", "")[:64],
        called_station_id=packet.get("Called-Station-Id", "")[:120], ssid=ssid[:32],
        started_at=started_at, last_event_at=started_at, received_at=now(),
    )


def _apply(session, status, packet, event_at) -> None:
    total_in = _int(packet.get("Acct-Input-Gigawords")) * 2**32 + _int(packet.get("Acct-Input-Octets"))
    total_out = _int(packet.get("Acct-Output-Gigawords")) * 2**32 + _int(packet.get("Acct-Output-Octets"))
    added_in = max(0, total_in - session.input_octets)
    added_out = max(0, total_out - session.output_octets)
    if (added_in or added_out) and session.user_id and session.device_id:
        begin = min(session.last_event_at, event_at)
        add_daily_usage(session.user_id, session.device_id, begin, event_at, added_in, added_out)

    session.input_octets += added_in
    session.output_octets += added_out
    session.session_time = max(session.session_time, _int(packet.get("Acct-Session-Time")))
    session.last_event_at = max(session.last_event_at, event_at)
    session.framed_ip = session.framed_ip or packet.get("Framed-IP-Address") or None
    session.framed_ipv6_prefix = session.framed_ipv6_prefix or packet.get("Framed-IPv6-Prefix", "")[:64]
    if status == STOP and session.closed_by != AccountingSession.ClosedBy.STOP:
        # A real Stop also corrects a close we guessed (reboot, silence).
        session.stopped_at = event_at
        session.closed_by = AccountingSession.ClosedBy.STOP
        session.terminate_cause = packet.get("Acct-Terminate-Cause", "")[:40]
    session.packets += 1
    session.received_at = now()
    session.save()
    if session.device_id and session.device.last_seen < event_at:
        Device.objects.filter(pk=session.device_id, last_seen__lt=event_at).update(last_seen=event_at)
        session.device.last_seen = event_at


def add_daily_usage(user_id, device_id, begin: datetime, end: datetime, octets_in: int, octets_out: int) -> None:
    for day, part_in, part_out in split_by_day(begin, end, octets_in, octets_out):
        updated = DailyUsage.objects.filter(user_id=user_id, device_id=device_id, day=day).update(
            input_octets=F("input_octets") + part_in, output_octets=F("output_octets") + part_out)
        if not updated:
            DailyUsage.objects.create(user_id=user_id, device_id=device_id, day=day,
                                      input_octets=part_in, output_octets=part_out)


def split_by_day(begin: datetime, end: datetime, octets_in: int, octets_out: int):
    """Split octets over the Paris days of [begin, end], in proportion to seconds."""
    begin, end = begin.astimezone(PARIS), end.astimezone(PARIS)
    if end <= begin:
        return [(end.date(), octets_in, octets_out)]
    spans = []
    cursor = begin
    while cursor < end:
        next_midnight = datetime.combine(cursor.date() + timedelta(days=1), datetime.min.time(), tzinfo=PARIS)
        stop = min(end, next_midnight)
        spans.append((cursor.date(), (stop - cursor).total_seconds()))
        cursor = stop
    total = sum(seconds for _day, seconds in spans)
    parts, given_in, given_out = [], 0, 0
    for index, (day, seconds) in enumerate(spans):
        last = index == len(spans) - 1
        part_in = octets_in - given_in if last else int(octets_in * seconds / total)
        part_out = octets_out - given_out if last else int(octets_out * seconds / total)
        given_in, given_out = given_in + part_in, given_out + part_out
        parts.append((day, part_in, part_out))
    return parts


def close_nas_sessions(nas, at: datetime, closed_by: str) -> int:
    with transaction.atomic():
        return AccountingSession.objects.filter(nas=nas, stopped_at__isnull=True, started_at__lte=at).update(
            stopped_at=at, closed_by=closed_by)


def close_silent_sessions(silence_seconds: int) -> int:
    """Close sessions whose NAS has sent nothing for `silence_seconds`.

    The end is the last accounting packet heard: the octets after it were
    never reported.
    """
    limit = now() - timedelta(seconds=silence_seconds)
    with transaction.atomic():
        count = AccountingSession.objects.filter(stopped_at__isnull=True, received_at__lt=limit).update(
            stopped_at=F("last_event_at"), closed_by=AccountingSession.ClosedBy.SILENCE)
    if count:
        logger.info("closed %d silent session(s), silence over %d s", count, silence_seconds)
    return count


def _user_of(packet, station: str):
    """The account behind an accounting packet: from our Class, else the user name."""
    from planetcampus.accounts.models import User

    user_id = _user_id_from_class(packet.get("Class", ""))
    if user_id:
        user = User.objects.filter(pk=user_id).first()
        if user:
            return user
    username = packet.get("User-Name", "")
    if username.startswith("pc-"):
        from planetcampus.portal.models import PortalLogin

        login = PortalLogin.objects.select_related("user").filter(username=username).first()
        return login.user if login else None
    if station:
        device = Device.objects.select_related("user").filter(mac=station).order_by("-last_seen").first()
        return device.user if device else None
    return None


def _user_id_from_class(value: str) -> int | None:
    if value.startswith("0x"):
        try:
            value = bytes.fromhex(value[2:]).decode("ascii", "replace")
        except ValueError:
            return None
    parts = value.split(":")
    if len(parts) == 3 and parts[0] == "pc" and parts[1].isdigit():
        return int(parts[1])
    return None


def _int(value) -> int:
    try:
        return max(0, int(str(value or "0").strip()))
    except ValueError:
        return 0
