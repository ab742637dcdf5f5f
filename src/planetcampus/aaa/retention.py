"""Connection logs under French law: keep one year, purge after, export on request.

CPCE R10-13 (décret 2021-1361) asks an access provider to keep the data
that identify the source of a connection (IP address and port, user and
terminal identifiers) for one year from the connection. Accounting
sessions carry exactly that; CONNECTION_LOG_RETENTION_DAYS sets the
period. Content and visited addresses are never collected.

An export for a judicial or administrative request selects sessions that
overlap a time range, by MAC, IP address or account; each export is
stored (LawfulExport, with the file's SHA-256) and written to the audit log.
"""

import csv
import hashlib
import io
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from planetcampus.aaa.macs import normalise_mac
from planetcampus.aaa.models import AccountingSession, DailyUsage, DynamicAuthorization, LawfulExport
from planetcampus.core import audit
from planetcampus.core.clock import now

logger = logging.getLogger(__name__)

EXPORT_COLUMNS = ["start_utc", "end_utc", "account", "user_name", "mac", "ip_address", "ipv6_prefix",
                  "nas", "nas_address", "nas_port", "ssid", "session_id", "octets_from_device", "octets_to_device"]


def purge(*, retention_days: int | None = None) -> dict[str, int]:
    """Delete connection data older than the retention period."""
    days = retention_days if retention_days is not None else settings.CONNECTION_LOG_RETENTION_DAYS
    limit = now() - timedelta(days=days)
    with transaction.atomic():
        sessions, _ = AccountingSession.objects.filter(
            Q(stopped_at__lt=limit) | Q(stopped_at__isnull=True, last_event_at__lt=limit)).delete()
        usage, _ = DailyUsage.objects.filter(day__lt=limit.date()).delete()
        requests, _ = DynamicAuthorization.objects.filter(created_at__lt=limit).delete()
        audit.record(None, "connection_log.purged", retention_days=days, before=limit.isoformat(),
                     sessions=sessions, daily_usage=usage, dynamic_requests=requests)
    logger.info("connection logs purged before %s: %d sessions, %d usage rows", limit.isoformat(), sessions, usage)
    return {"sessions": sessions, "daily_usage": usage, "dynamic_requests": requests}


def select_sessions(start: datetime, end: datetime, *, mac: str = "", ip: str = "", account: str = ""):
    if not (mac or ip or account):
        raise ValueError("A lawful-request export needs a MAC address, an IP address or an account.")
    queryset = AccountingSession.objects.filter(started_at__lte=end).filter(
        Q(stopped_at__gte=start) | Q(stopped_at__isnull=True))
    if mac:
        queryset = queryset.filter(mac=normalise_mac(mac))
    if ip:
        queryset = queryset.filter(framed_ip=ip)
    if account:
        queryset = queryset.filter(account__iexact=account.strip())
    return queryset.order_by("started_at")


def export(start: datetime, end: datetime, *, reference: str, actor=None, mac: str = "", ip: str = "",
           account: str = "") -> tuple[LawfulExport, bytes]:
    """Return the CSV for a lawful request and record that it was made."""
    if not reference.strip():
        raise ValueError("Give the request's reference (requisition number).")
    rows = list(select_sessions(start, end, mac=mac, ip=ip, account=account))
    content = _csv(rows)
    criteria = {"start": start.isoformat(), "end": end.isoformat(), "mac": mac, "ip": ip, "account": account}
    with transaction.atomic():
        record = LawfulExport.objects.create(requested_by=actor if getattr(actor, "pk", None) else None,
                                             reference=reference.strip()[:120], criteria=criteria, rows=len(rows),
                                             sha256=hashlib.sha256(content).hexdigest())
        audit.record(actor, "connection_log.exported", record, reference=record.reference, rows=len(rows), **criteria)
    logger.info("lawful export %s made: %d rows", record.pk, len(rows))
    return record, content


def _csv(sessions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for session in sessions:
        writer.writerow([
            session.started_at.isoformat(), session.stopped_at.isoformat() if session.stopped_at else "",
            session.account, session.username, session.mac, session.framed_ip or "", session.framed_ipv6_prefix,
            session.nas_identifier, session.nas_ip, session.nas_port_id, session.ssid, session.acct_session_id,
            session.input_octets, session.output_octets,
        ])
    return buffer.getvalue().encode()
