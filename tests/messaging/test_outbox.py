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


def test_requeue_failed_message_only(personas):
    from planetcampus.core.models import AuditEvent
    from planetcampus.messaging.outbox import requeue

    message = enqueue_sms("+33612345678", "Bonjour", key="s9")
    assert not requeue(message, actor=personas["operator"])
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, attempts=8)

    assert requeue(message, actor=personas["operator"])
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED
    assert message.attempts == 0
    assert AuditEvent.objects.filter(action="message.requeued").count() == 1


def test_admin_requeues_selected(client_for, personas):
    message = enqueue_sms("+33612345678", "Bonjour", key="s10")
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED)

    response = client_for("operator").post("/fr/admin/messaging/message/", {
        "action": "requeue_selected", "_selected_action": [message.pk]}, follow=True)

    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED
