"""Visitor codes: creation one at a time or by batch, and revocation."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from planetcampus.access.codes import generate_code
from planetcampus.access.models import CodeBatch, ConnectionCode
from planetcampus.center import providers
from planetcampus.core import audit
from planetcampus.core.clock import now

logger = logging.getLogger(__name__)

MAX_BATCH_SIZE = 200
MAX_DEVICES = 10
# A visitor code lasts at most a university year; longer stays get a resident record.
MAX_VALIDITY_DAYS = 366
_GENERATION_ATTEMPTS = 5


@dataclass(frozen=True)
class VisitorTerms:
    valid_from: datetime
    valid_until: datetime
    max_devices: int
    session_seconds: int
    note: str = ""

    def check(self) -> None:
        """Raise ValidationError naming the value that breaks a rule."""
        if self.valid_until <= self.valid_from:
            raise ValidationError(_("The end of validity must come after its start."), code="window")
        if self.valid_until <= now():
            raise ValidationError(_("The end of validity is already past; choose a later date."), code="window")
        if (self.valid_until - self.valid_from).days > MAX_VALIDITY_DAYS:
            raise ValidationError(_("A visitor code can last at most %(days)d days; shorten the validity.")
                                  % {"days": MAX_VALIDITY_DAYS}, code="window")
        if not 1 <= self.max_devices <= MAX_DEVICES:
            raise ValidationError(_("The number of devices must be between 1 and %(max)d.") % {"max": MAX_DEVICES},
                                  code="devices")
        if self.session_seconds < 15 * 60:
            raise ValidationError(_("A session must last at least 15 minutes."), code="session")


def unused_codes(count: int) -> list[str]:
    """Draw `count` distinct codes that no stored code uses yet."""
    codes: set[str] = set()
    while len(codes) < count:
        drawn = {generate_code() for _ in range(count - len(codes))}
        drawn -= set(ConnectionCode.objects.filter(code__in=drawn).values_list("code", flat=True))
        codes |= drawn
    return sorted(codes)


def create_visitor_codes(actor, residence, terms: VisitorTerms, *, count: int = 1) -> CodeBatch:
    """Create `count` visitor codes for a residence under one batch and return the batch.

    The codes are random over 21**8 values; a collision with a code created
    at the same moment by another request breaks the unique index, and the
    whole batch is drawn again.
    """
    terms.check()
    if not 1 <= count <= MAX_BATCH_SIZE:
        raise ValidationError(_("A batch holds between 1 and %(max)d codes.") % {"max": MAX_BATCH_SIZE}, code="count")

    for attempt in range(_GENERATION_ATTEMPTS):
        try:
            with transaction.atomic():
                batch = _store_batch(actor, residence, terms, count)
        except IntegrityError:
            logger.warning("visitor code collision for residence %s, attempt %d", residence.pk, attempt + 1)
            continue
        audit.record(actor, "visitor_code.created", batch, crous=residence.crous, count=count,
                     residence=residence.code, note=terms.note)
        logger.info("created %d visitor code(s) for residence %s, batch %s", count, residence.pk, batch.pk)
        return batch
    raise RuntimeError(f"could not draw {count} unused visitor codes in {_GENERATION_ATTEMPTS} attempts")


def _store_batch(actor, residence, terms, count) -> CodeBatch:
    batch = CodeBatch.objects.create(residence=residence, created_by=actor, size=count, note=terms.note)
    ConnectionCode.objects.bulk_create([
        ConnectionCode(
            code=code, kind=ConnectionCode.Kind.VISITOR, residence=residence, batch=batch,
            valid_from=terms.valid_from, valid_until=terms.valid_until, max_devices=terms.max_devices,
            session_seconds=terms.session_seconds, note=terms.note, created_by=actor,
        )
        for code in unused_codes(count)
    ])
    return batch


def revoke_code(actor, code: ConnectionCode) -> int:
    """Revoke a code and end the sessions of the account that redeemed it.

    Returns the number of Disconnect-Requests sent. Revoking twice is
    harmless: the first revocation's time and author are kept.
    """
    with transaction.atomic():
        locked = ConnectionCode.objects.select_for_update().get(pk=code.pk)
        if locked.revoked_at is not None:
            return 0
        locked.revoked_at = now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(actor, "visitor_code.revoked" if locked.kind == "visitor" else "resident_code.revoked",
                     locked, crous=locked.residence.crous, residence=locked.residence.code)
    code.refresh_from_db()

    # A resident keeps their right through their housing record, so only a
    # visitor account loses its sessions with its code.
    if code.redeemed_by is None or code.kind != ConnectionCode.Kind.VISITOR:
        return 0
    sent = providers.disconnect_user(code.redeemed_by, reason="visitor code revoked")
    logger.info("revoked connection code id %s: %d disconnect request(s) sent", code.pk, sent)
    return sent
