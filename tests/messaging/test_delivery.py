from datetime import timedelta

import pytest
import time_machine

from planetcampus.core import clock
from planetcampus.messaging import delivery
from planetcampus.messaging.models import Message
from planetcampus.messaging.outbox import enqueue_email, enqueue_sms

pytestmark = pytest.mark.django_db


def test_email_reaches_smtp_server_with_attachments(real_transports):
    smtp_server, _gateway = real_transports
    message = enqueue_email("dsi@crous-lyon.test", "Liste de bascule", "Bonjour,\nla liste est jointe.",
                            key="e1", attachments=[("liste.csv", "Code;Nom\n".encode(), "text/csv"),
                                                   ("liste.xlsx", b"PK\x03\x04fake", "application/octet-stream")])

    assert delivery.deliver_due("test-worker") == 1

    received = smtp_server.recorder.messages
    assert len(received) == 1
    assert received[0]["Message-ID"] == message.external_id
    assert received[0]["Subject"] == "Liste de bascule"
    names = [part.get_filename() for part in received[0].iter_attachments()]
    assert names == ["liste.csv", "liste.xlsx"]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_sms_reaches_gateway_with_its_id(real_transports):
    _smtp, gateway = real_transports
    message = enqueue_sms("+33612345678", "Bascule aujourd'hui", key="s1")

    delivery.deliver_due("test-worker")

    assert gateway.accepted == [(message.external_id, "33612345678", "Bascule aujourd'hui")]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.provider_reference == message.external_id


def test_gateway_error_retries_later(real_transports, settings):
    settings.SMS_HTTP_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    message = enqueue_sms("+33612345678", "Bonjour", key="s2")

    delivery.deliver_due("test-worker")

    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED
    assert message.attempts == 1
    assert message.next_attempt_at > clock.now()
    assert "unreachable" in message.last_error


def test_rejected_token_fails_for_good(real_transports, settings):
    settings.SMS_HTTP_TOKEN = "wrong"
    message = enqueue_sms("+33612345678", "Bonjour", key="s3")

    delivery.deliver_due("test-worker")

    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert "401" in message.last_error


def test_refused_recipient_fails_for_good(real_transports):
    smtp_server, _gateway = real_transports

    def refuse(address):
        raise RuntimeError("refused")  # aiosmtpd answers 500 to a handler error

    smtp_server.recorder.before_rcpt = refuse
    message = enqueue_email("nobody@crous-lyon.test", "Sujet", "Texte", key="e2")

    delivery.deliver_due("test-worker")

    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert smtp_server.recorder.count() == 0


def test_interrupted_sms_known_to_gateway_is_not_resent(real_transports):
    _smtp, gateway = real_transports
    message = enqueue_sms("+33612345678", "Bonjour", key="s4")
    # A worker took the row, the gateway accepted the SMS, then the worker died.
    assert delivery.claim(message, "dead-worker", lease=timedelta(seconds=30))
    gateway.accepted.append((message.external_id, "33612345678", "Bonjour"))

    with time_machine.travel(clock.now() + timedelta(minutes=1), tick=False):
        delivery.deliver_due("new-worker")

    assert gateway.ids() == [message.external_id]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 2


def test_interrupted_sms_unknown_to_gateway_is_sent(real_transports):
    _smtp, gateway = real_transports
    message = enqueue_sms("+33612345678", "Bonjour", key="s5")
    assert delivery.claim(message, "dead-worker", lease=timedelta(seconds=30))

    with time_machine.travel(clock.now() + timedelta(minutes=1), tick=False):
        delivery.deliver_due("new-worker")

    assert gateway.ids() == [message.external_id]


def test_interrupted_email_is_resent_with_same_message_id(real_transports):
    smtp_server, _gateway = real_transports
    message = enqueue_email("dsi@crous-lyon.test", "Sujet", "Texte", key="e3")
    assert delivery.claim(message, "dead-worker", lease=timedelta(seconds=30))

    with time_machine.travel(clock.now() + timedelta(minutes=1), tick=False):
        delivery.deliver_due("new-worker")

    assert smtp_server.recorder.message_ids() == [message.external_id]


def test_live_lease_keeps_other_workers_away(real_transports):
    _smtp, gateway = real_transports
    message = enqueue_sms("+33612345678", "Bonjour", key="s6")
    assert delivery.claim(message, "first-worker")

    assert delivery.deliver_due("second-worker") == 0
    assert gateway.ids() == []


def test_claim_is_won_by_one_worker():
    message = enqueue_sms("+33612345678", "Bonjour", key="s7")
    stale_copy = Message.objects.get(pk=message.pk)

    assert delivery.claim(message, "first")
    assert not delivery.claim(stale_copy, "second")
    assert Message.objects.get(pk=message.pk).claimed_by == "first"


def test_attempts_stop_after_the_maximum(real_transports, settings):
    settings.SMS_HTTP_URL = "http://127.0.0.1:9"
    message = enqueue_sms("+33612345678", "Bonjour", key="s8")
    moment = clock.now()
    with time_machine.travel(moment, tick=False) as traveller:
        for _attempt in range(delivery.MAX_ATTEMPTS):
            delivery.deliver_due("test-worker")
            moment += timedelta(hours=2)
            traveller.move_to(moment)

    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == delivery.MAX_ATTEMPTS
