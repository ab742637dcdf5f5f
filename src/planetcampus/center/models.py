from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

FLYER_LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("zh-hans", "简体中文"),
]


class OnboardingSlot(models.Model):
    """A time when the operator's team can call a manager to show the center.

    Operator staff publish slots, and a manager books one before their
    residence switches over. Each slot takes one call at a time.
    """

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    host = models.CharField(pgettext_lazy("onboarding call", "host"), max_length=150, blank=True, help_text=_("Who will call, as shown to managers."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("onboarding slot", "created"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding slot")
        verbose_name_plural = _("onboarding slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="onboarding_slot_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class OnboardingBooking(models.Model):
    """A manager's booking of a slot for a residence, with the flyers it needs."""

    slot = models.ForeignKey(OnboardingSlot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="bookings")
    residence = models.ForeignKey("estate.Residence", verbose_name=_("residence"), on_delete=models.CASCADE,
                                  related_name="onboarding_bookings")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("booked by"), null=True,
                                  on_delete=models.SET_NULL, related_name="onboarding_bookings")
    contact_phone = models.CharField(_("phone to call"), max_length=20, help_text=_("E.164"))
    flyer_quantity = models.PositiveIntegerField(_("printed flyers"), default=0)
    flyer_languages = models.JSONField(_("flyer languages"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    cancelled_at = models.DateTimeField(pgettext_lazy("onboarding booking", "cancelled"), null=True, blank=True)
    # Stable identifier of the calendar event, so an update or a cancellation
    # replaces the event the manager already has in their calendar.
    calendar_uid = models.CharField(_("calendar event id"), max_length=120, unique=True)
    calendar_sequence = models.PositiveIntegerField(_("calendar revision"), default=0)

    class Meta:
        verbose_name = _("onboarding booking")
        verbose_name_plural = _("onboarding bookings")
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=models.Q(cancelled_at__isnull=True),
                                    name="onboarding_one_booking_per_slot"),
            models.UniqueConstraint(fields=["residence"], condition=models.Q(cancelled_at__isnull=True),
                                    name="onboarding_one_booking_per_residence"),
        ]

    def __str__(self):
        return f"{self.residence} – {self.slot}"

    @property
    def language_names(self) -> list[str]:
        names = dict(FLYER_LANGUAGES)
        return [names.get(code, code) for code in self.flyer_languages]
