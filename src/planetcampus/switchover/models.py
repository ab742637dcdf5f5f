"""Switch-over ("bascule") data: monthly waves, holds, the checklist, communications, templates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Wave(models.Model):
    """The residences switching on one 1st of the month, selected on the 10th before."""

    switch_on = models.DateField(_("switch-over date"), unique=True)
    selected_at = models.DateTimeField(_("selected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("switch-over wave")
        verbose_name_plural = _("switch-over waves")
        ordering = ["switch_on"]

    def __str__(self):
        return f"{self.switch_on:%Y-%m-%d}"


class Entry(models.Model):
    """One residence in one wave."""

    class Status(models.TextChoices):
        SELECTED = "selected", _("selected")
        SWITCHED = "switched", _("switched over")
        WITHDRAWN = "withdrawn", _("withdrawn")

    wave = models.ForeignKey(Wave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="entries")
    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE,
                                  related_name="switchover_entries")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SELECTED)
    compatible_since = models.DateField(_("compatible since"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("wave entry")
        verbose_name_plural = _("wave entries")
        ordering = ["wave", "residence__crous__name", "residence__name"]
        constraints = [models.UniqueConstraint(fields=["wave", "residence"], name="switchover_entry_unique")]

    def __str__(self):
        return f"{self.residence} → {self.wave}"


class Hold(models.Model):
    """An operator's hold (no date) or postponement (not before `until`) of a residence's switch-over."""

    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE,
                                  related_name="switchover_holds")
    reason = models.CharField(_("reason"), max_length=255)
    # The first switch-over date allowed (a 1st of the month); empty holds
    # the residence until the hold is released.
    until = models.DateField(_("not before"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("released by"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.residence}: {self.reason}"


class Step(models.Model):
    """One step of a residence's switch checklist."""

    class Kind(models.TextChoices):
        SSID = "ssid", _("SSID change")
        PORTAL = "portal", _("portal switch for users")
        CENTER = "center", _("center switch for managers")
        PRIVATE_WIFI = "private_wifi", _("private WiFi activation")
        EDUROAM = "eduroam", _("eduroam activation")

    class State(models.TextChoices):
        PENDING = "pending", _("to do")
        DONE = "done", _("done")

    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE,
                                  related_name="switchover_steps")
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(_("when"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    # What the platform changed when doing the step (SSID ids), so undoing
    # it restores exactly the previous state.
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        ordering = ["residence", "id"]
        constraints = [models.UniqueConstraint(fields=["residence", "kind"], name="switchover_step_unique")]

    def __str__(self):
        return f"{self.residence}: {self.get_kind_display()} ({self.get_state_display()})"


class Notice(models.Model):
    """One communication of the process to one recipient, with its delivery status."""

    class Kind(models.TextChoices):
        DSI_LIST = "dsi_list", _("list to the CROUS IT department")
        MANAGER_ANNOUNCE = "manager_announce", _("announcement to the manager")
        RESIDENT_ANNOUNCE = "resident_announce", _("morning SMS to the residents")
        RESIDENT_DONE = "resident_done", _("afternoon SMS to the residents")
        OPERATOR_ALERT = "operator_alert", _("alert to the operator")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SKIPPED = "skipped", _("not sent")

    wave = models.ForeignKey(Wave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    crous = models.ForeignKey("estate.Crous", verbose_name=_("CROUS"), on_delete=models.CASCADE, related_name="+")
    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="switchover_notices")
    recipient = models.CharField(_("recipient"), max_length=254)
    message = models.OneToOneField("messaging.Message", verbose_name=_("message"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="switchover_notice")
    # Set only when no message was queued, with the reason (an invalid number).
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["wave", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def delivery_status(self) -> str:
        if self.message_id is None:
            return self.get_status_display()
        return self.message.get_status_display()


class Template(models.Model):
    """The text of one communication in one language, in Django template syntax, edited by the operator."""

    kind = models.CharField(_("communication"), max_length=20, choices=Notice.Kind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=255, blank=True, help_text=_("E-mails only."))
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["kind", "language"]
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="switchover_template_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"

    def clean(self):
        # A template that does not compile would fail the scheduled run that
        # renders it, on the day it is due: refuse it when it is saved.
        from django.template import TemplateSyntaxError, engines

        for field in ("subject", "body"):
            try:
                engines["django"].from_string(getattr(self, field))
            except TemplateSyntaxError as error:
                raise ValidationError({field: _("This template is invalid: %(error)s. Fix the {%% %%} or {{ }} "
                                                 "tags.") % {"error": error}}) from None
