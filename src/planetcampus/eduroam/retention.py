"""Authentication records: ingesting the spool file, purging after the legal period."""

import fcntl
import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from planetcampus.core import clock
from planetcampus.eduroam.models import Authentication
from planetcampus.eduroam.records import InvalidRecord, store_record

logger = logging.getLogger(__name__)

SPOOL = Path("eduroam") / "spool" / "authentications.jsonl"


def ingest_spool(config_dir: Path) -> dict[str, int]:
    """Store the records FreeRADIUS spooled while the platform was unreachable.

    The file is locked as FreeRADIUS's linelog locks it, so no line is
    written while it is read and emptied. Storing is idempotent, so a crash
    before the file is emptied only means the next run skips duplicates.
    """
    path = config_dir / SPOOL
    counts = {"stored": 0, "duplicates": 0, "invalid": 0}
    if not path.exists():
        return counts

    with open(path, "r+b") as spool:
        fcntl.lockf(spool, fcntl.LOCK_EX)
        for number, line in enumerate(spool.read().splitlines(), start=1):
            _ingest_line(path, number, line, counts)
        spool.seek(0)
        spool.truncate()
        fcntl.lockf(spool, fcntl.LOCK_UN)

    logger.info("eduroam spool %s ingested: %s", path, counts)
    return counts


def _ingest_line(path: Path, number: int, line: bytes, counts: dict[str, int]) -> None:
    if not line.strip():
        return
    try:
        with transaction.atomic():
            _record, created = store_record(line)
    except InvalidRecord as error:
        # Kept in the log with its place, since the file is emptied afterwards.
        logger.error("eduroam spool %s line %d is invalid and skipped: %s: %r", path, number, error, line[:300])
        counts["invalid"] += 1
        return
    counts["stored" if created else "duplicates"] += 1


def purge_expired() -> int:
    """Delete the records older than CONNECTION_LOG_RETENTION_DAYS; return how many."""
    limit = clock.now() - timedelta(days=settings.CONNECTION_LOG_RETENTION_DAYS)
    deleted, _ = Authentication.objects.filter(occurred_at__lt=limit).delete()
    logger.info("eduroam authentications before %s purged: %d", limit.isoformat(), deleted)
    return deleted
