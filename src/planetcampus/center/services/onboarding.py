"""Onboarding calls: the operator publishes slots, a manager books one before switch-over."""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from planetcampus.center import calendar, providers
from planetcampus.center.models import FLYER_LANGUAGES, OnboardingBooking, OnboardingSlot
from planetcampus.core import audit
from planetcampus.core.clock import now

logger = logging.getLogger(__name__)

# A manager books at least this long ahead, so the operator can prepare the call.
MIN_NOTICE = timedelta(hours=2)
MAX_FLYERS = 5000


def publish_slots(actor, *, first_start: datetime, minutes: int, count: int, host: str = "") -> list[OnboardingSlot]:
    """Publish `count` consecutive slots of `minutes` each from `first_start`."""
    if first_start <= now():
        raise ValidationError(_("Slots must start in the future."), code="past")
    if not 10 <= minutes <= 240:
        raise ValidationError(_("A slot lasts between 10 and 240 minutes."), code="length")
    if not 1 <= count <= 40:
        raise ValidationError(_("Publish between 1 and 40 slots at a time."), code="count")
    with transaction.atomic():
        slots = []
        for index in range(count):
            starts_at = first_start + timedelta(minutes=minutes * index)
            slots.append(OnboardingSlot.objects.create(starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes),
                                                       host=host, created_by=actor))
        audit.record(actor, "onboarding.slots_published", None, count=count, first=first_start.isoformat())
    return slots


def withdraw_slot(actor, slot: OnboardingSlot) -> None:
    if slot.bookings.filter(cancelled_at__isnull=True).exists():
        raise ValidationError(_("This slot is booked; cancel the booking first."), code="booked")
    with transaction.atomic():
        slot.withdrawn_at = now()
        slot.save(update_fields=["withdrawn_at"])
        audit.record(actor, "onboarding.slot_withdrawn", slot)


def open_slots():
    """Slots still free, not withdrawn, and far enough ahead to be booked."""
    return (OnboardingSlot.objects.filter(withdrawn_at__isnull=True, starts_at__gte=now() + MIN_NOTICE)
            .exclude(pk__in=OnboardingBooking.objects.filter(cancelled_at__isnull=True).values("slot_id")))


@dataclass(frozen=True)
class BookingRequest:
    slot_id: int
    contact_phone: str
    flyer_quantity: int
    flyer_languages: list[str]
    comment: str = ""


def book(actor, residence, request: BookingRequest) -> OnboardingBooking:
    """Book a slot for a residence (replacing its earlier booking) and e-mail the invitation."""
    _check(request)
    phone = providers.normalise_phone(request.contact_phone)
    try:
        with transaction.atomic():
            slot = open_slots().select_for_update().filter(pk=request.slot_id).first()
            if slot is None:
                raise ValidationError(_("This slot is no longer available; choose another one."), code="taken")
            previous = (OnboardingBooking.objects.select_for_update()
                        .filter(residence=residence, cancelled_at__isnull=True).first())
            if previous is not None:
                previous.cancelled_at = now()
                previous.calendar_sequence += 1
                previous.save(update_fields=["cancelled_at", "calendar_sequence"])
            booking = OnboardingBooking.objects.create(
                slot=slot, residence=residence, booked_by=actor, contact_phone=phone,
                flyer_quantity=request.flyer_quantity, flyer_languages=request.flyer_languages,
                comment=request.comment, calendar_uid=f"{uuid.uuid4()}@planetcampus",
            )
            audit.record(actor, "onboarding.booked", booking, crous=residence.crous, residence=residence.code,
                         starts_at=slot.starts_at.isoformat(), flyers=request.flyer_quantity,
                         languages=request.flyer_languages)
    except IntegrityError:
        # Two managers took the same slot at the same moment; the unique index kept one.
        raise ValidationError(_("This slot is no longer available; choose another one."), code="taken") from None
    if previous is not None:
        # The old call gets its own calendar cancellation, or it would stay in the manager's calendar.
        send_confirmation(previous)
    send_confirmation(booking, replaced=previous)
    return booking


def _check(request: BookingRequest) -> None:
    known = {code for code, _name in FLYER_LANGUAGES}
    if not 0 <= request.flyer_quantity <= MAX_FLYERS:
        raise ValidationError(_("Ask for between 0 and %(max)d flyers.") % {"max": MAX_FLYERS}, code="flyers")
    if request.flyer_quantity and not request.flyer_languages:
        raise ValidationError(_("Choose at least one language for the flyers."), code="languages")
    unknown = [code for code in request.flyer_languages if code not in known]
    if unknown:
        raise ValidationError(_("Unknown flyer language: %(codes)s.") % {"codes": ", ".join(unknown)}, code="languages")


def cancel(actor, booking: OnboardingBooking) -> None:
    with transaction.atomic():
        booking = OnboardingBooking.objects.select_for_update().get(pk=booking.pk)
        if booking.cancelled_at is not None:
            return
        booking.cancelled_at = now()
        booking.calendar_sequence += 1
        booking.save(update_fields=["cancelled_at", "calendar_sequence"])
        audit.record(actor, "onboarding.cancelled", booking, crous=booking.residence.crous)
    send_confirmation(booking)


def invitation_for(booking: OnboardingBooking, recipient: str) -> bytes:
    context = {"residence": booking.residence.name}
    return calendar.invitation(
        uid=booking.calendar_uid, sequence=booking.calendar_sequence,
        starts_at=booking.slot.starts_at, ends_at=booking.slot.ends_at, stamp=now(),
        summary=_("PlanetCampus: presentation of the manager center – %(residence)s") % context,
        description=_("We will call you on %(phone)s to show you the manager center of %(residence)s.")
        % {**context, "phone": booking.contact_phone},
        organizer_email=settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">"),
        attendee_email=recipient, cancelled=booking.cancelled_at is not None,
    )


def send_confirmation(booking: OnboardingBooking, replaced: OnboardingBooking | None = None) -> None:
    """Queue the e-mail with the calendar invitation (or its cancellation) to the manager."""
    manager = booking.booked_by
    if manager is None or not manager.email:
        return
    language = manager.language if manager.language in ("fr", "en") else "fr"
    with translation.override(language):
        cancelled = booking.cancelled_at is not None
        subject = (_("Onboarding call cancelled: %(residence)s") if cancelled
                   else _("Onboarding call booked: %(residence)s")) % {"residence": booking.residence.name}
        body = render_to_string("center/messages/onboarding.email.txt",
                                {"booking": booking, "cancelled": cancelled, "replaced": replaced,
                                 "customer_service_phone": settings.CUSTOMER_SERVICE_PHONE})
        ics = invitation_for(booking, manager.email)
    method = "CANCEL" if cancelled else "REQUEST"
    attachment = ("invitation.ics", ics, f"text/calendar; charset=utf-8; method={method}")
    key = f"onboarding:{booking.calendar_uid}:{booking.calendar_sequence}"
    try:
        providers.enqueue_email(manager.email, subject, body, attachments=[attachment], key=key, language=language)
    except providers.ProviderUnavailable:
        logger.error("onboarding confirmation for booking %s not queued: message outbox missing", booking.pk)
