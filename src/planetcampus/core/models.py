from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """A business action kept apart from technical logs: who did what to what.

    `action` is a stable dotted code ("visitor_code.revoked"); `data` holds the
    values needed to show the event as a translated sentence later.
    """

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=80, blank=True)
    target_label = models.CharField(_("target"), max_length=255, blank=True)
    crous = models.ForeignKey(
        "estate.Crous", verbose_name=_("CROUS"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"
