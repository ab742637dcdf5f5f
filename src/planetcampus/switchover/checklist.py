"""The switch checklist of a residence: five steps, each done and undone with who and when.

The platform does the steps it owns (portal, center, private WiFi, eduroam)
after checking what they need. The SSID change happens on the equipment on
site, so a person confirms it. Completing the list moves the residence to
the PlanetCampus offer; undoing any step afterwards moves it back.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planetcampus.core import audit, clock
from planetcampus.estate.models import Residence, Ssid
from planetcampus.switchover import calendar, communications
from planetcampus.switchover.models import Entry, Step

logger = logging.getLogger(__name__)

ORDER = [Step.Kind.SSID, Step.Kind.PORTAL, Step.Kind.CENTER, Step.Kind.PRIVATE_WIFI, Step.Kind.EDUROAM]
CONFIRMED_BY_PEOPLE = {Step.Kind.SSID}
CAPTIVE_SSID = "PlanetCampus"
PRIVATE_SSID = "PlanetCampus-Prive"
EDUROAM_SSID = "eduroam"


def steps_for(residence) -> list[Step]:
    existing = {step.kind: step for step in Step.objects.filter(residence=residence).select_related("changed_by")}
    for kind in ORDER:
        if kind not in existing:
            existing[kind], _created = Step.objects.get_or_create(residence=residence, kind=kind)
    return [existing[kind] for kind in ORDER]


def is_complete(residence) -> bool:
    return Step.objects.filter(residence=residence, state=Step.State.DONE).count() == len(ORDER)


def missing_steps(residence) -> list:
    return [step.get_kind_display() for step in steps_for(residence) if step.state != Step.State.DONE]


def _activate_ssid(residence, name, purpose) -> dict:
    ssid, created = Ssid.objects.get_or_create(residence=residence, name=name, defaults={"purpose": purpose})
    was_active = ssid.active and not created
    if not ssid.active:
        ssid.active = True
        ssid.save(update_fields=["active"])
    return {"ssid_id": ssid.pk, "created": created, "was_active": was_active}


def _deactivate_ssid(residence, data) -> None:
    if not data or data.get("was_active"):
        return
    Ssid.objects.filter(pk=data["ssid_id"], residence=residence).update(active=False)


def _do_ssid(residence) -> dict:
    legacy = list(residence.ssids.filter(purpose=Ssid.Purpose.LEGACY, active=True).values_list("pk", flat=True))
    residence.ssids.filter(pk__in=legacy).update(active=False)
    return {"legacy_off": legacy, **_activate_ssid(residence, CAPTIVE_SSID, Ssid.Purpose.CAPTIVE)}


def _undo_ssid(residence, data) -> None:
    residence.ssids.filter(pk__in=data.get("legacy_off", [])).update(active=True)
    _deactivate_ssid(residence, data)


def _do_portal(residence) -> dict:
    if not residence.nas_devices.filter(active=True).exists():
        raise ValidationError(_("No active gateway (NAS) is declared for this residence: add it in the back "
                                "office before switching the portal."), code="no_nas")
    if not residence.ssids.filter(purpose=Ssid.Purpose.CAPTIVE, active=True).exists():
        raise ValidationError(_("The PlanetCampus SSID is not active yet: confirm the SSID change first."),
                              code="no_captive_ssid")
    return {}


def _do_center(residence) -> dict:
    if not communications.managers_of(residence).exists():
        raise ValidationError(_("No residence manager account covers this residence: create one before "
                                "switching the center."), code="no_manager")
    return {}


def _do_private_wifi(residence) -> dict:
    Residence.objects.filter(pk=residence.pk).update(private_wifi_enabled=True)
    return _activate_ssid(residence, PRIVATE_SSID, Ssid.Purpose.PRIVATE)


def _undo_private_wifi(residence, data) -> None:
    Residence.objects.filter(pk=residence.pk).update(private_wifi_enabled=False)
    _deactivate_ssid(residence, data)


def _do_eduroam(residence) -> dict:
    Residence.objects.filter(pk=residence.pk).update(eduroam_enabled=True)
    return _activate_ssid(residence, EDUROAM_SSID, Ssid.Purpose.EDUROAM)


def _undo_eduroam(residence, data) -> None:
    Residence.objects.filter(pk=residence.pk).update(eduroam_enabled=False)
    _deactivate_ssid(residence, data)


DO = {Step.Kind.SSID: _do_ssid, Step.Kind.PORTAL: _do_portal, Step.Kind.CENTER: _do_center,
      Step.Kind.PRIVATE_WIFI: _do_private_wifi, Step.Kind.EDUROAM: _do_eduroam}
UNDO = {Step.Kind.SSID: _undo_ssid, Step.Kind.PRIVATE_WIFI: _undo_private_wifi, Step.Kind.EDUROAM: _undo_eduroam}


@transaction.atomic
def do_step(residence, kind: str, *, actor, note: str = "") -> Step:
    """Do (or confirm) one step; completes the switch-over when it is the last one."""
    steps_for(residence)
    step = Step.objects.select_for_update().get(residence=residence, kind=kind)
    if step.state == Step.State.DONE:
        return step
    step.data = DO[kind](residence)
    step.state, step.changed_by, step.changed_at, step.note = Step.State.DONE, actor, clock.now(), note[:255]
    step.save()
    audit.record(actor, "switchover.step_done", residence, crous=residence.crous, step=kind, note=note)
    if is_complete(residence):
        _complete(residence, actor)
    return step


@transaction.atomic
def undo_step(residence, kind: str, *, actor, note: str = "") -> Step:
    """Undo one step; a switched residence goes back to the former offer."""
    step = Step.objects.select_for_update().get(residence=residence, kind=kind)
    if step.state != Step.State.DONE:
        return step
    if kind in UNDO:
        UNDO[kind](residence, step.data)
    step.state, step.changed_by, step.changed_at, step.note, step.data = (
        Step.State.PENDING, actor, clock.now(), note[:255], {})
    step.save()
    audit.record(actor, "switchover.step_undone", residence, crous=residence.crous, step=kind, note=note)
    residence.refresh_from_db()
    if residence.switched_over_on is not None:
        _revert(residence, actor)
    return step


def _complete(residence, actor) -> None:
    today = clock.local_today()
    Residence.objects.filter(pk=residence.pk).update(offer=Residence.Offer.PLANETCAMPUS, switched_over_on=today)
    residence.refresh_from_db()
    entry = (Entry.objects.filter(residence=residence, status=Entry.Status.SELECTED)
             .select_related("wave", "residence__crous").order_by("-wave__switch_on").first())
    if entry is not None:
        entry.status = Entry.Status.SWITCHED
        entry.save(update_fields=["status"])
    audit.record(actor, "switchover.completed", residence, crous=residence.crous, on=today.isoformat(),
                 wave=entry.wave.switch_on.isoformat() if entry else None)
    logger.info("residence %s switched over to PlanetCampus on %s", residence.code, today)
    if entry is not None and _done_sms_due_now(entry):
        communications.send_resident_done(entry)


def _done_sms_due_now(entry) -> bool:
    # Before 15:00 the afternoon job sends it; after 21:00 it would wake people.
    now = clock.now()
    day = entry.wave.switch_on
    return (calendar.paris_time(day, calendar.RESIDENT_DONE_TIME) <= now
            < calendar.paris_time(day, calendar.RESIDENT_DONE_LATEST))


def _revert(residence, actor) -> None:
    Residence.objects.filter(pk=residence.pk).update(offer=Residence.Offer.SMARTCAMPUS, switched_over_on=None)
    Entry.objects.filter(residence=residence, status=Entry.Status.SWITCHED).update(status=Entry.Status.SELECTED)
    audit.record(actor, "switchover.reverted", residence, crous=residence.crous)
    logger.warning("residence %s moved back to the former offer by %s", residence.code, actor)
