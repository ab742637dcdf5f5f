import pytest
from django.core.exceptions import ValidationError

from planetcampus.messaging.models import Message
from planetcampus.messaging.outbox import cancel, enqueue_email, enqueue_sms

pytestmark = pytest.mark.django_db


def test_same_key_enqueues_one_email():
    first = enqueue_email("dsi@crous-lyon.test", "Liste", "Bonjour", key="k1",
                          attachments=[("liste.csv", b"a;b\n", "text/csv")])
    second = enqueue_email("dsi@crous-lyon.test", "Liste", "Bonjour", key="k1")

    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert first.attachments.get().filename == "liste.csv"
    assert first.external_id.startswith("<") and first.external_id.endswith(">")


def test_same_key_enqueues_one_sms():
    first = enqueue_sms("+33612345678", "Bonjour", key="s1")
    second = enqueue_sms("+33612345678", "Bonjour", key="s1")

    assert first.pk == second.pk
    assert first.status == Message.Status.QUEUED
    assert first.external_id.startswith("pc-")


def test_sms_needs_e164_mobile():
    with pytest.raises(ValidationError):
        enqueue_sms("06 12 34 56 78", "Bonjour", key="s2")
    with pytest.raises(ValidationError):
        enqueue_sms("+33123456789", "Bonjour", key="s3")


def test_email_needs_valid_address():
    with pytest.raises(ValidationError):
        enqueue_email("not-an-address", "Sujet", "Texte", key="e2")


def test_cancel_only_while_queued():
    message = enqueue_sms("+33612345678", "Bonjour", key="s4")
    assert cancel(message, reason="résidence suspendue")
    assert not cancel(message, reason="again")
    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED
