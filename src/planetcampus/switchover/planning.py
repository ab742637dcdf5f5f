"""The standing of each residence in the switch-over process, and its switch-over date."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from planetcampus.core import clock
from planetcampus.estate.models import Residence
from planetcampus.rollout.eligibility import Criteria, criteria_for
from planetcampus.switchover import calendar
from planetcampus.switchover.models import Entry, Hold, Wave


class Standing:
    SWITCHED = "switched"
    OPENED_DIRECTLY = "opened_directly"
    CLOSED = "closed"
    SELECTED = "selected"
    HELD = "held"
    POSTPONED = "postponed"
    PLANNED = "planned"
    BLOCKED = "blocked"

    LABELS = {
        SWITCHED: _("switched over"),
        OPENED_DIRECTLY: _("opened on PlanetCampus"),
        CLOSED: _("closed"),
        SELECTED: _("selected"),
        HELD: _("on hold"),
        POSTPONED: _("postponed"),
        PLANNED: _("planned"),
        BLOCKED: _("not compatible"),
    }


@dataclass
class Plan:
    residence: Residence
    standing: str
    switch_on: date | None = None
    criteria: Criteria | None = None
    hold: Hold | None = None
    entry: Entry | None = None
    blocking: list[str] = field(default_factory=list)

    @property
    def label(self):
        return Standing.LABELS[self.standing]


def next_open_switch(today: date) -> date:
    """Return the earliest switch-over date whose selection has not run yet."""
    upcoming = calendar.add_months(today, 1)
    if today.day < calendar.SELECTION_DAY:
        return upcoming
    if today.day == calendar.SELECTION_DAY and not Wave.objects.filter(switch_on=upcoming,
                                                                      selected_at__isnull=False).exists():
        return upcoming
    return calendar.add_months(today, 2)


def plans_for(residences, today: date | None = None) -> dict[int, Plan]:
    """Return the Plan of each residence, keyed by id, as of `today` (Paris)."""
    today = today or clock.local_today()
    residences = list(residences.select_related("crous") if hasattr(residences, "select_related") else residences)
    ids = [residence.pk for residence in residences]
    criteria = criteria_for(ids, as_of=today)
    holds = {hold.residence_id: hold for hold in
             Hold.objects.filter(residence_id__in=ids, released_at__isnull=True).order_by("created_at")}
    entries = {entry.residence_id: entry for entry in
               Entry.objects.filter(residence_id__in=ids, status=Entry.Status.SELECTED, wave__switch_on__gte=today)
               .select_related("wave")}
    earliest = next_open_switch(today)
    return {residence.pk: _plan(residence, today, earliest, criteria[residence.pk], holds.get(residence.pk),
                                entries.get(residence.pk)) for residence in residences}


def _plan(residence, today, earliest, criteria, hold, entry) -> Plan:
    plan = Plan(residence=residence, standing=Standing.BLOCKED, criteria=criteria, hold=hold, entry=entry)
    if residence.switched_over_on:
        plan.standing, plan.switch_on = Standing.SWITCHED, residence.switched_over_on
    elif residence.closed_on and residence.closed_on <= today:
        plan.standing = Standing.CLOSED
    elif residence.offer == Residence.Offer.PLANETCAMPUS:
        plan.standing = Standing.OPENED_DIRECTLY
    elif entry is not None:
        plan.standing, plan.switch_on = Standing.SELECTED, entry.wave.switch_on
    elif hold is not None and hold.until is None:
        plan.standing = Standing.HELD
    elif not criteria.compatible:
        plan.blocking = list(criteria.blocking)
    else:
        _date_compatible(plan, criteria, hold, earliest)
    return plan


def _date_compatible(plan: Plan, criteria: Criteria, hold: Hold | None, earliest: date) -> None:
    switch_on = max(calendar.first_switch_after(criteria.compatible_since), earliest)
    if hold is not None and hold.until and hold.until > switch_on:
        plan.standing, plan.switch_on = Standing.POSTPONED, calendar.month_start(hold.until)
        return
    plan.standing, plan.switch_on = Standing.PLANNED, switch_on


def planned_date(residence) -> date | None:
    """Return the residence's switch-over date: done, selected or projected; None when not foreseeable.

    None also for residences opened directly on PlanetCampus, which stay
    outside the process.
    """
    plan = plans_for([residence])[residence.pk]
    return plan.switch_on
