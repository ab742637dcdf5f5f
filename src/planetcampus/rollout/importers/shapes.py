"""The table shapes the count importer recognises, by their headers.

Headers are compared after core.tabular.normalise_header (lower case, no
accents, punctuation as spaces), in French as on the deck's slides and in
English as in the English exports.
"""

from planetcampus.rollout.models import BandwidthStatus, ContractStatus, CountTable, WorksiteStatus

KICKOFF = "kickoff"
STEERING = "steering"
GLOBAL = "global"

TOTAL_ROWS = {"total general", "total", "global", "grand total", "ensemble"}
TOTAL_COLUMN = "__total__"
PERCENT_COLUMN = "__percent__"

KICKOFF_HEADERS = {"planification", "reunion de lancement", "date de lancement", "lancement", "kickoff",
                   "kickoff meeting"}
STEERING_HEADERS = {"copil", "copils", "comite de pilotage", "comites de pilotage", "steering committee",
                    "steering committees"}

# kind -> header -> status key (or TOTAL_COLUMN / PERCENT_COLUMN, checked but not stored)
COUNT_COLUMNS = {
    CountTable.Kind.CONTRACTS: {
        "planetcampus": ContractStatus.PLANETCAMPUS,
        "smartcampus": ContractStatus.SMARTCAMPUS,
        "total general": TOTAL_COLUMN, "total": TOTAL_COLUMN,
        "%pc": PERCENT_COLUMN, "% pc": PERCENT_COLUMN, "%": PERCENT_COLUMN, "% planetcampus": PERCENT_COLUMN,
    },
    CountTable.Kind.TARGET_BANDWIDTH: {
        "livre": BandwidthStatus.DELIVERED, "delivered": BandwidthStatus.DELIVERED,
        "en commande": BandwidthStatus.ORDERED, "ordered": BandwidthStatus.ORDERED,
        "en cours d etude": BandwidthStatus.IN_STUDY, "in study": BandwidthStatus.IN_STUDY,
        "total": TOTAL_COLUMN, "total general": TOTAL_COLUMN,
        "%": PERCENT_COLUMN, "% livre": PERCENT_COLUMN, "% delivered": PERCENT_COLUMN,
    },
    CountTable.Kind.WORKSITES: {
        "nombre de residences en chantier": TOTAL_COLUMN, "residences under redeployment": TOTAL_COLUMN,
        "total": TOTAL_COLUMN,
        "#0 plans en attente": WorksiteStatus.PLANS_PENDING, "#0 plans pending": WorksiteStatus.PLANS_PENDING,
        "#1 audit en cours": WorksiteStatus.AUDIT, "#1 audit in progress": WorksiteStatus.AUDIT,
        "#2 chantier en cours": WorksiteStatus.WORKS, "#2 works in progress": WorksiteStatus.WORKS,
        "#3 chantier livre": WorksiteStatus.DELIVERED, "#3 worksite delivered": WorksiteStatus.DELIVERED,
    },
}

# The percentage column of each kind: which statuses make the part, which the whole.
PERCENT_PARTS = {
    CountTable.Kind.CONTRACTS: ({ContractStatus.PLANETCAMPUS}, {ContractStatus.PLANETCAMPUS, ContractStatus.SMARTCAMPUS}),
    CountTable.Kind.TARGET_BANDWIDTH: (
        {BandwidthStatus.DELIVERED},
        {BandwidthStatus.DELIVERED, BandwidthStatus.ORDERED, BandwidthStatus.IN_STUDY},
    ),
}

GLOBAL_HEADERS = {
    "indicator": {"indicateur", "indicator"},
    "period": {"periode", "period", "date", "au"},
    "percent": {"%", "pourcentage", "percentage", "percent"},
    "count": {"nombre", "count", "number"},
}
GLOBAL_INDICATORS = {
    "contrats planetcampus": "contracts_planetcampus", "contracts planetcampus": "contracts_planetcampus",
    "planetcampus contracts": "contracts_planetcampus", "contracts_planetcampus": "contracts_planetcampus",
    "sites au debit cible": "target_bandwidth_delivered", "sites at target bandwidth": "target_bandwidth_delivered",
    "debit cible livre": "target_bandwidth_delivered", "target_bandwidth_delivered": "target_bandwidth_delivered",
    "residences en chantier": "worksites", "chantiers": "worksites", "worksites": "worksites",
}


def header_shape(keys: list[str], next_keys: list[str] | None) -> tuple[str, int] | None:
    """Return (shape, header line count) when these normalised cells start a known table."""
    joined = set(keys)
    if len(keys) >= 2 and keys[1] in KICKOFF_HEADERS:
        return KICKOFF, 1
    if len(keys) >= 2 and keys[1] in STEERING_HEADERS:
        return STEERING, 1
    if joined & GLOBAL_HEADERS["indicator"]:
        return GLOBAL, 1
    if {"planetcampus", "smartcampus"} <= joined:
        return CountTable.Kind.CONTRACTS, 1
    if {"livre", "en commande"} <= joined or {"delivered", "ordered"} <= joined:
        return CountTable.Kind.TARGET_BANDWIDTH, 1
    worksite_keys = set(COUNT_COLUMNS[CountTable.Kind.WORKSITES])
    if any(key.startswith("#0") for key in keys) and joined & worksite_keys:
        return CountTable.Kind.WORKSITES, 1
    if joined & {"nombre de residences en chantier", "residences under redeployment"} and next_keys:
        if any(key.startswith("#0") for key in next_keys):
            return CountTable.Kind.WORKSITES, 2
    return None
