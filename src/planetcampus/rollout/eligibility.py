"""Whether residences are "PlanetCampus compatible", for the switch-over.

A residence is compatible when three criteria hold at once: a PlanetCampus
contract received, the target bandwidth delivered (or not needed) and the
infrastructure upgrade finished (worksite delivered, or not needed). A
criterion without any recorded status blocks, because nobody has confirmed it.
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter

from django.utils.translation import gettext as _

from planetcampus.core.clock import local_today
from planetcampus.rollout.history import changes_until, residence_ids_of
from planetcampus.rollout.models import BandwidthStatus, ContractStatus, Topic, WorksiteStatus

BANDWIDTH_OK = {BandwidthStatus.DELIVERED, BandwidthStatus.NOT_NEEDED}
WORKSITE_OK = {WorksiteStatus.DELIVERED, WorksiteStatus.NOT_NEEDED}


@dataclass
class Criteria:
    contract_received: bool = False
    target_bandwidth_ok: bool = False
    infrastructure_ok: bool = False
    compatible: bool = False
    compatible_since: date | None = None
    blocking: list[str] = field(default_factory=list)


def criteria_for(residences, as_of: date | None = None) -> dict[int, Criteria]:
    """Return the eligibility criteria of each residence on `as_of` (default today), keyed by id.

    `residences` is a queryset, residences or ids. `compatible_since` is the
    day the current unbroken stretch of compatibility began.
    """
    as_of = as_of or local_today()
    ids = residence_ids_of(residences)
    results = {residence_id: _evaluate({}) for residence_id in ids}
    rows = changes_until(ids, as_of).values_list("residence_id", "topic", "status", "effective_on")
    for residence_id, changes in groupby(rows.iterator(), key=itemgetter(0)):
        state, since = {}, None
        # Replay the days in order; a day that breaks compatibility restarts the stretch.
        for day, same_day in groupby(changes, key=itemgetter(3)):
            for _residence, topic, status, _day in same_day:
                state[topic] = status
            if _is_compatible(state):
                since = since or day
            else:
                since = None
        criteria = _evaluate(state)
        criteria.compatible_since = since
        results[residence_id] = criteria
    return results


def _is_compatible(state) -> bool:
    return (
        state.get(Topic.CONTRACT) == ContractStatus.PLANETCAMPUS
        and state.get(Topic.TARGET_BANDWIDTH) in BANDWIDTH_OK
        and state.get(Topic.WORKSITE) in WORKSITE_OK
    )


def _evaluate(state) -> Criteria:
    contract = state.get(Topic.CONTRACT)
    bandwidth = state.get(Topic.TARGET_BANDWIDTH)
    worksite = state.get(Topic.WORKSITE)
    criteria = Criteria(
        contract_received=contract == ContractStatus.PLANETCAMPUS,
        target_bandwidth_ok=bandwidth in BANDWIDTH_OK,
        infrastructure_ok=worksite in WORKSITE_OK,
    )
    criteria.compatible = criteria.contract_received and criteria.target_bandwidth_ok and criteria.infrastructure_ok
    criteria.blocking = _blocking_labels(contract, bandwidth, worksite, criteria)
    return criteria


def _blocking_labels(contract, bandwidth, worksite, criteria) -> list[str]:
    labels = []
    if not criteria.contract_received:
        labels.append(_("PlanetCampus contract not received"))
    if bandwidth is None:
        labels.append(_("Target bandwidth status unknown"))
    elif not criteria.target_bandwidth_ok:
        labels.append(_("Target bandwidth not delivered"))
    if worksite is None:
        labels.append(_("Infrastructure upgrade status unknown"))
    elif not criteria.infrastructure_ok:
        labels.append(_("Infrastructure upgrade not finished"))
    return labels
