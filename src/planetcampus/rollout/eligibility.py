"""Whether residences are "PlanetCampus compatible", for the switch-over.

A residence is compatible when three criteria hold at once: a PlanetCampus
contract received, the target bandwidth delivered (or not needed) and the
infrastructure upgrade finished (worksite delivered, or not needed). A
criterion without any recorded status blocks, because nobody has confirmed it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from planetcampus.core.clock import local_today
from planetcampus.rollout.history import changes_until, daily_states, residence_ids_of
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
    for residence_id, changes in _group_by_residence(changes_until(ids, as_of)):
        since = None
        criteria = results[residence_id]
        for day, state in daily_states(changes):
            criteria = _evaluate(state)
            if not criteria.compatible:
                since = None
            elif since is None:
                since = day
        criteria.compatible_since = since
        results[residence_id] = criteria
    return results


def _group_by_residence(changes):
    current_id, bucket = None, []
    for change in changes.iterator():
        if change.residence_id != current_id and bucket:
            yield current_id, bucket
            bucket = []
        current_id = change.residence_id
        bucket.append(change)
    if bucket:
        yield current_id, bucket


def _evaluate(state) -> Criteria:
    contract = _status(state, Topic.CONTRACT)
    bandwidth = _status(state, Topic.TARGET_BANDWIDTH)
    worksite = _status(state, Topic.WORKSITE)
    criteria = Criteria(
        contract_received=contract == ContractStatus.PLANETCAMPUS,
        target_bandwidth_ok=bandwidth in BANDWIDTH_OK,
        infrastructure_ok=worksite in WORKSITE_OK,
    )
    criteria.compatible = criteria.contract_received and criteria.target_bandwidth_ok and criteria.infrastructure_ok
    criteria.blocking = _blocking_labels(contract, bandwidth, worksite, criteria)
    return criteria


def _status(state, topic) -> str | None:
    change = state.get(topic)
    return change.status if change else None


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
