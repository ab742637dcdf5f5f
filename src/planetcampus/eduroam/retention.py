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

    The file is read under the lock FreeRADIUS's linelog takes to write it.
    The lines read are cut from the file only after the records are
    committed, and lines FreeRADIUS appended meanwhile stay. Storing is
    idempotent, so a crash before the cut means the next run skips them.
    """
    path = config_dir / SPOOL
    counts = {"stored": 0, "duplicates": 0, "invalid": 0}
    if not path.exists():
        return counts

    with open(path, "rb") as spool:
        fcntl.lockf(spool, fcntl.LOCK_SH)
        content = spool.read()
        fcntl.lockf(spool, fcntl.LOCK_UN)
    # Only whole lines: FreeRADIUS may be writing the last one.
    content = content[: content.rfind(b"\n") + 1]
    for number, line in enumerate(content.splitlines(), start=1):
        _ingest_line(path, number, line, counts)

    transaction.on_commit(lambda: _cut(path, len(content)))
    logger.info("eduroam spool %s ingested: %s", path, counts)
    return counts


def _cut(path: Path, length: int) -> None:
    with open(path, "r+b") as spool:
        fcntl.lockf(spool, fcntl.LOCK_EX)
        rest = spool.read()[length:]
        spool.seek(0)
        spool.write(rest)
        spool.truncate()
        fcntl.lockf(spool, fcntl.LOCK_UN)


def _ingest_line(path: Path, number: int, line: bytes, counts: dict[str, int]) -> None:
    if not line.strip():
        return
    try:
        with transaction.atomic():
            _record, created = store_record(line)
    except InvalidRecord as error:
        # Logged with its line number because the line is cut from the file afterwards.
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
