"""The durable outbox and the durable schedule.

A Message row is created once per idempotency key and moves
queued → sending → sent (or failed). A Job row is one scheduled run of a
registered job kind with its due time, status and log. Workers claim both
with a conditional UPDATE, so two workers or a restarted one never take the
same row twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    # The caller's name for this message: enqueueing the same key twice
    # returns the first row, so a re-run campaign never sends twice.
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, default="fr")
    # RFC 5322 Message-ID (e-mail) or the gateway's message id (SMS), chosen
    # before the first attempt and kept across retries, so a message sent
    # again after a crash is recognisable as the same one.
    external_id = models.CharField(_("message id"), max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    provider_reference = models.CharField(_("provider reference"), max_length=200, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="message_due")]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.to}: {self.subject or self.body[:40]}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["message", "id"]

    def __str__(self):
        return self.filename


class Job(models.Model):
    """One scheduled run of a job kind registered in messaging.jobs."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=80)
    # Unique name of this run ("switchover.select:2027-03"), so planning the
    # schedule again never creates a second run.
    key = models.CharField(_("key"), max_length=200, unique=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    due_at = models.DateTimeField(_("due"), db_index=True)
    # A run found after this time is not run but marked expired: a 07:00 SMS
    # is pointless in the evening.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    log = models.TextField(_("log"), blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["due_at", "id"]

    def __str__(self):
        return f"{self.key} ({self.get_status_display()})"
