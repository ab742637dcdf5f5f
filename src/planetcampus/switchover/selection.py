"""The 10th-of-the-month selection and the operator's holds."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planetcampus.core import audit, clock
from planetcampus.estate.models import Residence
from planetcampus.messaging.outbox import cancel
from planetcampus.rollout.eligibility import criteria_for
from planetcampus.switchover import calendar, communications
from planetcampus.switchover.models import Entry, Hold, Notice, Wave

logger = logging.getLogger(__name__)


def candidates(switch_on: date):
    """Residences still on the former offer and open on `switch_on`."""
    return (Residence.objects.filter(offer=Residence.Offer.SMARTCAMPUS, switched_over_on__isnull=True)
            .exclude(closed_on__lte=switch_on).select_related("crous").order_by("pk"))


def _blocked_by_hold(hold, switch_on) -> bool:
    return hold is not None and (hold.until is None or hold.until > switch_on)


@transaction.atomic
def select_wave(switch_on: date, *, actor=None, log=logger.info) -> Wave:
    """Select the residences compatible on the 10th for `switch_on` and send the lists to the CROUS IT contacts.

    Runs once per wave: a second call returns the wave as it is.
    """
    wave, _created = Wave.objects.get_or_create(switch_on=switch_on)
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.selected_at is not None:
        log(f"wave {switch_on} was already selected on {wave.selected_at:%Y-%m-%d %H:%M}")
        return wave

    selection_on = calendar.selection_day(switch_on)
    residences = list(candidates(switch_on))
    criteria = criteria_for(residences, as_of=selection_on)
    holds = {hold.residence_id: hold for hold in Hold.objects.filter(released_at__isnull=True)}
    selected = 0
    for residence in residences:
        if not criteria[residence.pk].compatible:
            continue
        if _blocked_by_hold(holds.get(residence.pk), switch_on):
            log(f"{residence.code} is compatible but held: {holds[residence.pk].reason}")
            continue
        _withdraw_missed(residence, switch_on)
        Entry.objects.create(wave=wave, residence=residence, compatible_since=criteria[residence.pk].compatible_since)
        selected += 1

    wave.selected_at = clock.now()
    wave.save(update_fields=["selected_at"])
    log(f"{selected} residences selected on {selection_on} for {switch_on}")
    audit.record(actor, "switchover.wave_selected", wave, switch_on=switch_on.isoformat(), count=selected)
    communications.send_dsi_lists(wave, log=log)
    return wave


def _withdraw_missed(residence, switch_on):
    # A residence selected for an earlier 1st whose switch-over never
    # completed is taken again: its older entry is closed.
    Entry.objects.filter(residence=residence, status=Entry.Status.SELECTED, wave__switch_on__lt=switch_on).update(
        status=Entry.Status.WITHDRAWN, withdrawn_reason=_("Switch-over not completed; selected again."),
    )


def _first_switch_on_or_after(day: date) -> date:
    return day if day.day == 1 else calendar.add_months(day, 1)


@transaction.atomic
def hold(residence, *, reason: str, actor, until: date | None = None) -> Hold:
    """Hold a residence (no date) or postpone it to the first 1st on or after `until`.

    Takes it out of any coming wave and cancels the messages not yet sent.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: the CROUS and the managers will ask for it."), code="reason")
    if residence.offer == residence.Offer.PLANETCAMPUS:
        raise ValidationError(_("This residence is already on PlanetCampus: there is nothing to hold."), code="switched")
    if until is not None:
        if until < clock.local_today().replace(day=1):
            raise ValidationError(_("The month to postpone to is already past; choose a coming month."), code="until")
        until = _first_switch_on_or_after(until)
    Hold.objects.filter(residence=residence, released_at__isnull=True).update(released_at=clock.now(),
                                                                              released_by=actor)
    created = Hold.objects.create(residence=residence, reason=reason, until=until, created_by=actor)
    withdrawn = _withdraw_from_coming_waves(residence, until, reason)
    action = "switchover.postponed" if until else "switchover.held"
    audit.record(actor, action, residence, crous=residence.crous, reason=reason,
                 until=until.isoformat() if until else None, withdrawn_from=withdrawn)
    return created


def _withdraw_from_coming_waves(residence, until, reason) -> list[str]:
    coming = Entry.objects.filter(residence=residence, status=Entry.Status.SELECTED,
                                  wave__switch_on__gte=clock.local_today()).select_related("wave")
    withdrawn = []
    for entry in coming:
        if until is not None and entry.wave.switch_on >= until:
            continue
        entry.status, entry.withdrawn_reason = Entry.Status.WITHDRAWN, reason[:255]
        entry.save(update_fields=["status", "withdrawn_reason"])
        withdrawn.append(entry.wave.switch_on.isoformat())
        for notice in Notice.objects.filter(wave=entry.wave, residence=residence, message__isnull=False):
            cancel(notice.message, reason=f"withdrawn: {reason}")
    return withdrawn


@transaction.atomic
def release(hold: Hold, *, actor) -> None:
    """End a hold; the residence joins the next selection it is compatible for."""
    if hold.released_at is not None:
        return
    hold.released_at, hold.released_by = clock.now(), actor
    hold.save(update_fields=["released_at", "released_by"])
    audit.record(actor, "switchover.released", hold.residence, crous=hold.residence.crous, reason=hold.reason)
