"""Celery tasks: the sending half of the worker, run on Celery workers.

The planetcampus worker claims each due message for a token
("celery:<worker>:<message id>:<attempt>") and publishes the task; the task
sends only a row still claimed for that token. A task delivered twice by the
broker, or one that arrives after the lease passed to the recovery path,
finds the row no longer claimed for it and does nothing.
"""

import logging
from datetime import timedelta

from celery import shared_task
from kombu.exceptions import OperationalError

from planetcampus.messaging import delivery
from planetcampus.messaging.models import Message
from planetcampus.messaging.sms import SendFailed

logger = logging.getLogger(__name__)


@shared_task(name="planetcampus.messaging.send_claimed")
def send_claimed(message_id: int, token: str) -> str | None:
    message = Message.objects.filter(pk=message_id, status=Message.Status.SENDING, claimed_by=token).first()
    if message is None:
        logger.info("message %s is no longer claimed for %s: task skipped", message_id, token)
        return None
    sender = delivery.Sender()
    try:
        reference = sender.send(message)
    except SendFailed as error:
        delivery.mark_failed(message, token, error)
        return "failed"
    finally:
        sender.close()
    delivery.mark_sent(message, token, reference)
    logger.info("message %s sent to %s by Celery (%s)", message.pk, message.to, reference)
    return "sent"


def dispatch_due(worker: str, *, limit: int = 100, lease: timedelta = delivery.LEASE) -> int:
    """Claim due messages and publish one task each; recovered messages are reconciled here first."""
    from planetcampus.messaging.celery_app import app  # noqa: F401 (configures the broker)

    sender = delivery.Sender()
    handled = 0
    try:
        for message in delivery.due_messages(limit):
            if message.status == Message.Status.SENDING:
                # Interrupted sends are recovered in this process, where the
                # gateway lookup runs before anything is sent again.
                if delivery.deliver_one(message, worker, sender, lease) is not None:
                    handled += 1
                continue
            token = f"celery:{worker}:{message.pk}:{message.attempts + 1}"
            if not delivery.claim(message, token, lease):
                continue
            try:
                send_claimed.delay(message.pk, token)
            except OperationalError as error:
                logger.error("broker unreachable, message %s goes back to the queue: %s", message.pk, error)
                Message.objects.filter(pk=message.pk, claimed_by=token).update(
                    status=Message.Status.QUEUED, claimed_by="", lease_until=None)
                break
            handled += 1
    finally:
        sender.close()
    return handled
