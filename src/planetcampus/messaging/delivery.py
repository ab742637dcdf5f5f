"""Deliver the outbox: claim, send, record, with crash recovery.

1. Claim: a conditional UPDATE moves a row from queued (or from sending with
   an expired lease) to sending, with this worker's name and a lease. Only
   one worker's UPDATE matches, so no two workers send the same row.
2. Send through the SMTP connection or the SMS gateway.
3. Record: sent, or queued again with a back-off, or failed for good.

At-least-once window: a crash after the provider accepted a message and
before step 3 commits leaves the row in "sending". When its lease expires,
`recover` asks the SMS gateway whether it knows the message's id and marks
it sent without resending if so. SMTP has no such question, so a recovered
e-mail is sent again with the same Message-ID, which mail stores use to
drop the copy; the log names each one.
"""

import logging
import os
import socket
from datetime import timedelta

from django.db.models import F, Q

from planetcampus.core import clock
from planetcampus.messaging import email as email_delivery
from planetcampus.messaging import sms
from planetcampus.messaging.models import Message
from planetcampus.messaging.sms import SendFailed

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int) -> timedelta:
    """Wait 1, 2, 4 … minutes between attempts, at most one hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def due_messages(limit: int):
    now = clock.now()
    due = Q(status=Message.Status.QUEUED, next_attempt_at__lte=now)
    stale = Q(status=Message.Status.SENDING, lease_until__lt=now)
    return list(Message.objects.filter(due | stale).order_by("next_attempt_at", "id")[:limit])


def claim(message: Message, worker: str, lease: timedelta = LEASE) -> bool:
    """Take `message` for `worker` if its row is still as it was read; True when this call won."""
    now = clock.now()
    claimed = Message.objects.filter(
        pk=message.pk, status=message.status, claimed_by=message.claimed_by, attempts=message.attempts,
    ).update(status=Message.Status.SENDING, claimed_by=worker, lease_until=now + lease, attempts=F("attempts") + 1)
    return claimed == 1


def mark_sent(message: Message, worker: str, reference: str) -> None:
    updated = Message.objects.filter(pk=message.pk, status=Message.Status.SENDING, claimed_by=worker).update(
        status=Message.Status.SENT, sent_at=clock.now(), provider_reference=reference[:200],
        lease_until=None, last_error="",
    )
    if not updated:
        # Another worker took the row after our lease ran out: the send was
        # slower than the lease. Its own recovery sees the message as sent.
        logger.warning("message %s sent by %s but its lease had passed to another worker", message.pk, worker)


def mark_failed(message: Message, worker: str, error: SendFailed) -> None:
    attempts = Message.objects.get(pk=message.pk).attempts
    if error.permanent or attempts >= MAX_ATTEMPTS:
        fields = {"status": Message.Status.FAILED}
        logger.error("message %s failed for good after %d attempts: %s", message.pk, attempts, error)
    else:
        fields = {"status": Message.Status.QUEUED, "next_attempt_at": clock.now() + backoff(attempts)}
        logger.warning("message %s attempt %d failed, will retry: %s", message.pk, attempts, error)
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING, claimed_by=worker).update(
        lease_until=None, last_error=str(error)[:2000], **fields,
    )


class Sender:
    """Send claimed messages, keeping one SMTP connection and one gateway per batch."""

    def __init__(self):
        self._connection = None
        self._gateway = None

    def close(self):
        if self._connection is not None:
            try:
                self._connection.close()
            except OSError as error:
                logger.warning("closing the SMTP connection failed: %s", error)
            self._connection = None

    def gateway(self):
        if self._gateway is None:
            self._gateway = sms.gateway()
        return self._gateway

    def send(self, message: Message) -> str:
        if message.channel == Message.Channel.SMS:
            return self.gateway().send(message)
        if self._connection is None:
            self._connection = email_delivery.open_connection()
        try:
            return email_delivery.send(message, self._connection)
        except SendFailed:
            # The SMTP session may be in any state after an error: start afresh.
            self.close()
            raise

    def already_sent(self, message: Message) -> str | None:
        """Return the provider's reference when a recovered message had in fact left."""
        if message.channel != Message.Channel.SMS:
            logger.warning("message %s (e-mail %s) was interrupted mid-send and is sent again with the same "
                           "Message-ID", message.pk, message.external_id)
            return None
        return self.gateway().lookup(message)


def deliver_one(message: Message, worker: str, sender: Sender, lease: timedelta = LEASE) -> str | None:
    """Claim, send and record one message; returns its new status, or None when another worker has it."""
    recovering = message.status == Message.Status.SENDING
    if not claim(message, worker, lease):
        return None
    # The claim matched the row as read, so only the claimed fields changed.
    message.status, message.claimed_by, message.attempts = Message.Status.SENDING, worker, message.attempts + 1
    try:
        reference = sender.already_sent(message) if recovering else None
        if reference:
            logger.info("message %s was accepted before a crash (%s): not sent again", message.pk, reference)
        else:
            reference = sender.send(message)
    except SendFailed as error:
        mark_failed(message, worker, error)
        return Message.Status.FAILED if error.permanent else Message.Status.QUEUED
    mark_sent(message, worker, reference)
    logger.info("message %s sent to %s (%s)", message.pk, message.to, reference)
    return Message.Status.SENT


def deliver_due(worker: str, *, limit: int = 100, lease: timedelta = LEASE, sender: Sender | None = None) -> int:
    """Deliver up to `limit` due messages; returns how many this worker handled."""
    own_sender = sender is None
    sender = sender or Sender()
    handled = 0
    try:
        # Each UPDATE commits on its own (autocommit): the claim must be
        # durable before the send starts, and the result right after it.
        for message in due_messages(limit):
            if deliver_one(message, worker, sender, lease) is not None:
                handled += 1
    finally:
        if own_sender:
            sender.close()
    return handled

