"""Enqueue e-mails and SMS in the durable outbox.

Callers give each message an idempotency key that names it in their own
terms ("switchover:2027-03:manager-d7:lyon-a:42"). Enqueueing a key that
already exists returns the existing row unchanged, so a job that runs again
after a crash or a retry never sends a second copy.
"""

import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from planetcampus.core import clock
from planetcampus.messaging.models import Attachment, Message
from planetcampus.messaging.phone import normalise_mobile

logger = logging.getLogger(__name__)


def _message_id(key: str) -> str:
    # Derived from the key, so the id is stable for the message's life and
    # carries nothing personal. The domain is the sender's, as RFC 5322 asks.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "planetcampus.localhost"
    return f"<{digest}@{domain}>"


def _sms_id(key: str) -> str:
    return "pc-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def _enqueue(key: str, fields: dict, attachments: Iterable = ()) -> Message:
    existing = Message.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            message = Message.objects.create(key=key, next_attempt_at=clock.now(), **fields)
            for filename, content, content_type in attachments:
                Attachment.objects.create(message=message, filename=filename, content=bytes(content),
                                          content_type=content_type)
    except IntegrityError:
        # Another process enqueued the same key between our read and our insert.
        return Message.objects.get(key=key)
    logger.info("message %s queued (%s, key %s)", message.pk, message.channel, key)
    return message


def enqueue_email(to: str, subject: str, body: str, *, attachments=(), key: str, language: str = "fr") -> Message:
    """Queue one e-mail to one address; `attachments` are (filename, bytes, content type) triples.

    Returns the queued Message, or the existing one when `key` was used before.
    """
    validate_email(to)
    if not key:
        raise ValueError("An idempotency key is required to queue a message.")
    fields = {"channel": Message.Channel.EMAIL, "to": to, "subject": subject, "body": body,
              "language": language, "external_id": _message_id(key)}
    return _enqueue(key, fields, attachments)


def enqueue_sms(to_e164: str, text: str, *, key: str, language: str = "fr") -> Message:
    """Queue one SMS to a mobile number in E.164; raises ValidationError for any other number."""
    if normalise_mobile(to_e164) != to_e164:
        raise ValidationError(
            _("“%(value)s” is not written in E.164: normalise it first (for example +33612345678)."),
            code="not_e164", params={"value": to_e164},
        )
    if not key:
        raise ValueError("An idempotency key is required to queue a message.")
    fields = {"channel": Message.Channel.SMS, "to": to_e164, "body": text, "language": language,
              "external_id": _sms_id(key)}
    return _enqueue(key, fields)


def cancel(message: Message, *, reason: str) -> bool:
    """Cancel a message not yet taken by a worker; returns False when it is too late."""
    cancelled = Message.objects.filter(pk=message.pk, status=Message.Status.QUEUED).update(
        status=Message.Status.CANCELLED, last_error=reason,
    )
    if cancelled:
        logger.info("message %s cancelled: %s", message.pk, reason)
    return bool(cancelled)


def requeue(message: Message, *, actor) -> bool:
    """Queue a failed or cancelled message again, keeping its key and id; returns False for any other status."""
    requeued = Message.objects.filter(
        pk=message.pk, status__in=[Message.Status.FAILED, Message.Status.CANCELLED],
    ).update(status=Message.Status.QUEUED, attempts=0, next_attempt_at=clock.now(), claimed_by="", lease_until=None)
    if requeued:
        from planetcampus.core import audit

        audit.record(actor, "message.requeued", message, channel=message.channel, key=message.key)
        logger.info("message %s queued again by %s", message.pk, getattr(actor, "pk", None))
    return bool(requeued)
