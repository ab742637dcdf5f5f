"""The process's messages, one Notice per recipient, each queued in the outbox with its own key.

Keys name the wave, the communication and the recipient, so running a step
again (a retried job, a worker restarted mid-run) finds the messages it
already queued and adds none.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from planetcampus.access.models import Resident
from planetcampus.accounts.models import StaffRole, User
from planetcampus.messaging.outbox import enqueue_email, enqueue_sms
from planetcampus.messaging.phone import normalise_mobile
from planetcampus.switchover import exports, flyers
from planetcampus.switchover.defaults import DEFAULT_TEMPLATES
from planetcampus.switchover.models import Entry, Notice, Template

logger = logging.getLogger(__name__)

CSV_TYPE = "text/csv; charset=utf-8"


def template_for(kind: str, language: str) -> tuple[str, str, str]:
    """Return (language, subject, body) of the operator's template, falling back to French."""
    for candidate in (language, "fr"):
        stored = Template.objects.filter(kind=kind, language=candidate).first()
        if stored is not None:
            return candidate, stored.subject, stored.body
        if (kind, candidate) in DEFAULT_TEMPLATES:
            return (candidate, *DEFAULT_TEMPLATES[(kind, candidate)])
    raise LookupError(f"No template for {kind}: add a French one in the back office.")


def render(kind: str, language: str, context: dict) -> tuple[str, str, str]:
    """Render a template in `language` (or French); returns (language, subject, body)."""
    language, subject, body = template_for(kind, language)
    engine = engines["django"]
    with translation.override(language):
        context = {**context, "switch_date": date_format(context["switch_on"], "j F Y")} \
            if "switch_on" in context else context
        text = engine.from_string("{% autoescape off %}" + body + "{% endautoescape %}").render(context)
        title = engine.from_string("{% autoescape off %}" + subject + "{% endautoescape %}").render(context)
    return language, " ".join(title.split()), text.strip()


def _key(wave, kind, *parts) -> str:
    return ":".join(["switchover", wave.switch_on.isoformat(), kind, *map(str, parts)])


def _notice(wave, kind, residence, crous, recipient, message) -> Notice:
    notice, _created = Notice.objects.get_or_create(
        message=message, defaults={"wave": wave, "kind": kind, "residence": residence, "crous": crous,
                                   "recipient": recipient},
    )
    return notice


def _skipped(wave, kind, residence, recipient, detail) -> Notice:
    notice, _created = Notice.objects.get_or_create(
        wave=wave, kind=kind, residence=residence, recipient=recipient, status=Notice.Status.SKIPPED,
        defaults={"crous": residence.crous, "detail": detail[:255]},
    )
    return notice


def selected_entries(wave):
    return wave.entries.filter(status__in=[Entry.Status.SELECTED, Entry.Status.SWITCHED]).select_related(
        "residence__crous", "wave")


def send_dsi_lists(wave, log=logger.info) -> int:
    """Mail each CROUS IT contact the list of its residences in `wave`, as XLSX and CSV; returns the count."""
    by_crous = {}
    for entry in selected_entries(wave):
        by_crous.setdefault(entry.residence.crous, []).append(entry)
    queued = 0
    for crous, entries in by_crous.items():
        contacts = crous.dsi_contacts.filter(receives_switchover_lists=True)
        if not contacts:
            log(f"CROUS {crous.code} has no IT contact receiving switch-over lists: nobody was told")
        for contact in contacts:
            queued += _send_dsi_list(wave, crous, entries, contact)
    return queued


def _send_dsi_list(wave, crous, entries, contact) -> int:
    stamp = wave.switch_on.strftime("%Y-%m")
    attachments = [
        (f"bascule-{stamp}-{crous.code}.xlsx", exports.as_xlsx(entries), exports.XLSX_TYPE),
        (f"bascule-{stamp}-{crous.code}.csv", exports.as_csv(entries), CSV_TYPE),
    ]
    context = {"crous": crous.name, "switch_on": wave.switch_on, "count": len(entries),
               "residences": [entry.residence for entry in entries]}
    language, subject, body = render(Notice.Kind.DSI_LIST, "fr", context)
    message = enqueue_email(contact.email, subject, body, attachments=attachments, language=language,
                            key=_key(wave, "dsi", crous.code, contact.pk))
    _notice(wave, Notice.Kind.DSI_LIST, None, crous, contact.email, message)
    return 1


def managers_of(residence):
    return User.objects.filter(
        is_active=True, staff_roles__role=StaffRole.Role.MANAGER, staff_roles__residences=residence,
    ).distinct().order_by("pk")


def booking_url(residence) -> str:
    return settings.PUBLIC_BASE_URL + reverse("center:onboarding-book", args=[residence.code])


def send_manager_notices(wave, log=logger.info) -> int:
    """Mail each manager of each residence in `wave` the announcement, booking link and flyer."""
    queued = 0
    for entry in wave.entries.filter(status=Entry.Status.SELECTED).select_related("residence__crous", "wave"):
        residence = entry.residence
        managers = list(managers_of(residence))
        if not managers:
            log(f"residence {residence.code} has no manager account: no announcement sent")
        for manager in managers:
            language = manager.language if manager.language in settings.STAFF_LANGUAGES else "fr"
            context = {"residence": residence, "crous": residence.crous.name, "switch_on": wave.switch_on,
                       "first_name": manager.first_name, "booking_url": booking_url(residence)}
            language, subject, body = render(Notice.Kind.MANAGER_ANNOUNCE, language, context)
            with translation.override(language):
                flyer = flyers.flyer_pdf(residence, date_format(wave.switch_on, "j F Y"))
            message = enqueue_email(
                manager.email, subject, body, language=language, key=_key(wave, "manager", residence.code, manager.pk),
                attachments=[(f"flyer-planetcampus-{residence.code}.pdf", flyer, "application/pdf")],
            )
            _notice(wave, Notice.Kind.MANAGER_ANNOUNCE, residence, residence.crous, manager.email, message)
            queued += 1
    return queued


def residents_on(residence, day):
    present = (Q(arrival_on__isnull=True) | Q(arrival_on__lte=day)) & \
        (Q(departure_on__isnull=True) | Q(departure_on__gte=day))
    return Resident.objects.filter(present, residence=residence).exclude(phone="").order_by("pk")


def _sms_residents(wave, entry, kind, key_name) -> int:
    residence = entry.residence
    queued = 0
    for resident in residents_on(residence, wave.switch_on):
        try:
            number = normalise_mobile(resident.phone)
        except ValidationError as error:
            _skipped(wave, kind, residence, resident.phone, error.messages[0])
            continue
        context = {"residence": residence, "first_name": resident.first_name, "switch_on": wave.switch_on,
                   "portal_url": settings.PUBLIC_BASE_URL + "/", "support_phone": settings.CUSTOMER_SERVICE_PHONE}
        language, _subject, text = render(kind, resident.language or "fr", context)
        message = enqueue_sms(number, text, language=language, key=_key(wave, key_name, residence.code, resident.pk))
        _notice(wave, kind, residence, residence.crous, number, message)
        queued += 1
    return queued


def send_resident_announcements(wave, log=logger.info) -> int:
    """Queue the 07:00 SMS to the residents of each residence switching today."""
    queued = 0
    for entry in wave.entries.filter(status=Entry.Status.SELECTED).select_related("residence__crous", "wave"):
        queued += _sms_residents(wave, entry, Notice.Kind.RESIDENT_ANNOUNCE, "announce")
    log(f"{queued} announcement SMS queued")
    return queued


def send_resident_done(entry) -> int:
    """Queue the "switch-over done" SMS for one residence whose checklist is complete."""
    return _sms_residents(entry.wave, entry, Notice.Kind.RESIDENT_DONE, "done")


def operators():
    return User.objects.filter(is_active=True).filter(
        Q(staff_roles__role=StaffRole.Role.OPERATOR) | Q(is_superuser=True)).distinct().order_by("pk")


def alert_operators(entry, missing_steps) -> int:
    """Mail the operators that a residence's checklist is not complete at 15:00 on its switch-over day."""
    wave, residence = entry.wave, entry.residence
    queued = 0
    for operator in operators():
        language = operator.language if operator.language in settings.STAFF_LANGUAGES else "fr"
        with translation.override(language):
            steps = [str(label) for label in missing_steps]
            residence_url = settings.PUBLIC_BASE_URL + reverse("switchover:residence", args=[residence.code])
        context = {"residence": residence, "crous": residence.crous.name, "switch_on": wave.switch_on,
                   "missing_steps": steps, "residence_url": residence_url}
        language, subject, body = render(Notice.Kind.OPERATOR_ALERT, language, context)
        message = enqueue_email(operator.email, subject, body, language=language,
                                key=_key(wave, "alert", residence.code, operator.pk))
        _notice(wave, Notice.Kind.OPERATOR_ALERT, residence, residence.crous, operator.email, message)
        queued += 1
    if not queued:
        logger.error("switch-over of %s not finished at 15:00 and no operator account to alert", residence.code)
    return queued

