"""Residents and their codes: validity, sending by SMS and e-mail, accounts, departures."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from planetcampus.access.codes import generate_code
from planetcampus.access.models import ConnectionCode, Resident
from planetcampus.center import providers
from planetcampus.core import audit
from planetcampus.core.clock import PARIS, local_today, now

logger = logging.getLogger(__name__)

# A resident without a departure date keeps a code valid this long after import.
OPEN_ENDED_CODE_DAYS = 365
# Two sendings of one code closer than this are a double click, not a resend.
RESEND_INTERVAL = timedelta(minutes=1)
# Languages of the resident-code SMS and e-mail; the center's other strings
# are staff-facing and exist in French and English only.
MESSAGE_LANGUAGES = ("fr", "en", "de", "es", "zh-hans")


def end_of_day(day) -> datetime:
    """Return midnight after `day` in Europe/Paris: the end of that day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=PARIS)


def code_window(resident: Resident) -> tuple[datetime, datetime]:
    """Return when a resident's code may open an account: from import until departure day ends."""
    start = now()
    if resident.departure_on is not None:
        return start, max(end_of_day(resident.departure_on), start)
    return start, start + timedelta(days=OPEN_ENDED_CODE_DAYS)


def ensure_resident_code(resident: Resident, actor=None) -> tuple[ConnectionCode, bool]:
    """Create the resident's code, or move its end to the departure; return (code, created).

    The code itself never changes once made, because the resident may already
    hold it on paper or in an SMS.
    """
    valid_from, valid_until = code_window(resident)
    code = ConnectionCode.objects.filter(resident=resident).first()
    if code is None:
        code = _create_code(resident, valid_from, valid_until, actor)
        return code, True
    if resident.departure_on is not None and code.valid_until != valid_until:
        code.valid_until = valid_until
        code.save(update_fields=["valid_until"])
    return code, False


def _create_code(resident, valid_from, valid_until, actor) -> ConnectionCode:
    while True:
        value = generate_code()
        if not ConnectionCode.objects.filter(code=value).exists():
            break
    return ConnectionCode.objects.create(
        code=value, kind=ConnectionCode.Kind.RESIDENT, residence=resident.residence, resident=resident,
        valid_from=valid_from, valid_until=valid_until, created_by=actor,
        max_devices=8, session_seconds=24 * 3600,
    )


@dataclass
class SendResult:
    sms: bool = False
    email: bool = False
    skipped: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def sent(self) -> bool:
        return self.sms or self.email


def send_resident_code(actor, resident: Resident) -> SendResult:
    """Queue the resident's code by SMS and e-mail, whichever contacts the record has.

    Each sending gets outbox keys numbered by the code's send count. The
    outbox keeps one message per key, so a retry queues nothing new while
    "send again" queues new messages.
    """
    if not resident.phone and not resident.email:
        return SendResult(skipped=_("No phone number or e-mail address is recorded."))
    with transaction.atomic():
        code, _created = ensure_resident_code(resident, actor)
        code = ConnectionCode.objects.select_for_update().get(pk=code.pk)
        if code.revoked_at is not None:
            return SendResult(skipped=_("The code was revoked."))
        if code.last_sent_at and now() - code.last_sent_at < RESEND_INTERVAL:
            return SendResult(skipped=_("The code was sent less than a minute ago."))
        result = _enqueue(resident, code, sending=code.send_count + 1)
        if result.sent:
            code.send_count += 1
            code.last_sent_at = now()
            code.save(update_fields=["send_count", "last_sent_at"])
            audit.record(actor, "resident_code.sent", resident, crous=resident.residence.crous,
                         sms=result.sms, email=result.email, sending=code.send_count)
    return result


def _enqueue(resident, code, *, sending: int) -> SendResult:
    result = SendResult()
    language = resident.language if resident.language in MESSAGE_LANGUAGES else "en"
    context = {"resident": resident, "code": code, "residence": resident.residence,
               "portal_url": settings.PUBLIC_BASE_URL, "customer_service_phone": settings.CUSTOMER_SERVICE_PHONE}
    with translation.override(language):
        sms_text = render_to_string("center/messages/resident_code.sms.txt", context).strip()
        subject = _("Your PlanetCampus connection code")
        body = render_to_string("center/messages/resident_code.email.txt", context)
    key = f"resident-code:{code.pk}:{sending}"
    if resident.phone:
        try:
            providers.enqueue_sms(resident.phone, sms_text, key=f"{key}:sms", language=language)
            result.sms = True
        except providers.ProviderUnavailable as error:
            result.errors.append(str(error))
        except ValidationError:
            # The outbox sends SMS to mobile numbers only; a landline from the
            # housing export still gets the e-mail.
            result.errors.append(_("%(phone)s is not a mobile number, so no SMS was sent.") % {"phone": resident.phone})
    if resident.email:
        try:
            providers.enqueue_email(resident.email, subject, body, key=f"{key}:email", language=language)
            result.email = True
        except providers.ProviderUnavailable as error:
            result.errors.append(str(error))
    return result


def send_unsent_codes(actor, residence) -> int:
    """Send the code of every present resident never sent one; return how many were sent."""
    residents = (Resident.objects.filter(residence=residence)
                 .exclude(departure_on__lt=local_today())
                 .exclude(code__send_count__gt=0)
                 .select_related("residence__crous"))
    return sum(1 for resident in residents if send_resident_code(actor, resident).sent)


def set_account_active(actor, resident: Resident, active: bool) -> int:
    """Disable or enable the resident's account; disabling ends their sessions.

    Returns the number of Disconnect-Requests sent.
    """
    user = resident.user
    if user is None or user.is_active == active:
        return 0
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(actor, "resident.enabled" if active else "resident.disabled", resident,
                     crous=resident.residence.crous)
    if active:
        return 0
    return providers.disconnect_user(user, reason="account disabled by the residence")


def apply_departure(resident: Resident) -> None:
    """Align the resident's code and private WiFi with the departure date."""
    if resident.departure_on is None:
        return
    ensure_resident_code(resident)
    providers.end_private_wifi(resident.user, resident.departure_on)


def process_departures(today=None) -> int:
    """End the sessions of residents whose departure day is over; return how many.

    Each resident is claimed with a row lock and marked, so a second worker
    or a rerun never disconnects the same departure twice.
    """
    today = today or local_today()
    done = 0
    while True:
        with transaction.atomic():
            resident = (Resident.objects.select_for_update(skip_locked=True, of=("self",))
                        .filter(departure_on__lt=today, departure_processed_at__isnull=True)
                        .select_related("user", "residence__crous").first())
            if resident is None:
                return done
            resident.departure_processed_at = now()
            resident.save(update_fields=["departure_processed_at"])
            providers.end_private_wifi(resident.user, resident.departure_on)
            audit.record(None, "resident.departed", resident, crous=resident.residence.crous,
                         departure=resident.departure_on.isoformat())
        if resident.user is not None:
            providers.disconnect_user(resident.user, reason="departure from the residence")
        logger.info("departure of resident %s processed", resident.pk)
        done += 1
