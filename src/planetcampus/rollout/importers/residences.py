"""Import of per-residence status lists (CSV or XLSX).

One line per residence, found by its code or by its name within its CROUS.
Each of the three topics (contract, target bandwidth, worksite) has a status
column and an optional date column. A status without a date takes effect on
the import's as-of date. A status equal to the one already in force that day
is skipped, so re-importing the same file changes nothing.
"""

import re
from pathlib import Path

from planetcampus.core.imports import ImportProblem, ImportReport, progress, run_atomically
from planetcampus.core.tabular import TableFormatError, normalise_header, parse_date, read_table
from planetcampus.estate.models import Residence
from planetcampus.estate.services import find_crous
from planetcampus.rollout.models import BandwidthStatus, ContractStatus, Topic, WorksiteStatus
from planetcampus.rollout.services import record_change

COLUMNS = {
    "code": ["code", "code residence", "residence code"],
    "name": ["residence", "nom", "nom de la residence", "name"],
    "crous": ["crous"],
    Topic.CONTRACT: ["contrat", "type de contrat", "contract", "offre", "bdc"],
    "contract_on": ["date de reception", "contrat recu le", "date contrat", "date du contrat", "contract received on",
                    "contract date"],
    Topic.TARGET_BANDWIDTH: ["debit cible", "statut debit cible", "target bandwidth"],
    "target_bandwidth_on": ["date debit cible", "debit cible le", "target bandwidth date"],
    Topic.WORKSITE: ["chantier", "statut chantier", "statut du chantier", "worksite", "redeploiement"],
    "worksite_on": ["date chantier", "chantier le", "date du chantier", "worksite date"],
}
STATUS_WORDS = {
    Topic.CONTRACT: {
        "planetcampus": ContractStatus.PLANETCAMPUS, "pc": ContractStatus.PLANETCAMPUS,
        "smartcampus": ContractStatus.SMARTCAMPUS, "sc": ContractStatus.SMARTCAMPUS,
        "aucun": ContractStatus.NONE, "none": ContractStatus.NONE, "no contract": ContractStatus.NONE,
    },
    Topic.TARGET_BANDWIDTH: {
        "livre": BandwidthStatus.DELIVERED, "delivered": BandwidthStatus.DELIVERED,
        "en commande": BandwidthStatus.ORDERED, "commande": BandwidthStatus.ORDERED, "ordered": BandwidthStatus.ORDERED,
        "en cours d etude": BandwidthStatus.IN_STUDY, "etude": BandwidthStatus.IN_STUDY, "en etude": BandwidthStatus.IN_STUDY,
        "in study": BandwidthStatus.IN_STUDY,
        "non necessaire": BandwidthStatus.NOT_NEEDED, "sans objet": BandwidthStatus.NOT_NEEDED,
        "not needed": BandwidthStatus.NOT_NEEDED,
    },
    Topic.WORKSITE: {
        "plans en attente": WorksiteStatus.PLANS_PENDING, "plans pending": WorksiteStatus.PLANS_PENDING,
        "audit en cours": WorksiteStatus.AUDIT, "audit in progress": WorksiteStatus.AUDIT,
        "chantier en cours": WorksiteStatus.WORKS, "works in progress": WorksiteStatus.WORKS,
        "chantier livre": WorksiteStatus.DELIVERED, "livre": WorksiteStatus.DELIVERED,
        "worksite delivered": WorksiteStatus.DELIVERED, "delivered": WorksiteStatus.DELIVERED,
        "non necessaire": WorksiteStatus.NOT_NEEDED, "sans objet": WorksiteStatus.NOT_NEEDED,
        "not needed": WorksiteStatus.NOT_NEEDED,
    },
}
# "#2", "2" or "#2 Chantier en cours": the deck numbers the worksite steps.
WORKSITE_STEPS = [WorksiteStatus.PLANS_PENDING, WorksiteStatus.AUDIT, WorksiteStatus.WORKS, WorksiteStatus.DELIVERED]
STATUS_FIX = {
    Topic.CONTRACT: "write PlanetCampus, SmartCampus or Aucun.",
    Topic.TARGET_BANDWIDTH: "write Livré, En commande, En cours d'étude or Non nécessaire.",
    Topic.WORKSITE: "write #0 Plans en attente, #1 Audit en cours, #2 Chantier en cours, #3 Chantier livré or Non nécessaire.",
}


def map_columns(headers) -> dict[str, str]:
    mapping = {}
    for header in headers:
        key = normalise_header(header)
        for name, accepted in COLUMNS.items():
            if key in accepted and name not in mapping:
                mapping[name] = header
    return mapping


def is_residence_list(headers) -> bool:
    columns = map_columns(headers)
    return bool({"code", "name"} & set(columns)) and bool({Topic.CONTRACT, Topic.TARGET_BANDWIDTH, Topic.WORKSITE} & set(columns))


def parse_status(topic, text) -> str | None:
    key = normalise_header(text)
    if topic == Topic.WORKSITE:
        step = re.match(r"#?\s*([0-3])\b", key)
        if step:
            return WORKSITE_STEPS[int(step.group(1))]
    return STATUS_WORDS[topic].get(key)


class ResidenceStatusImporter:
    def __init__(self, path: Path | str, content: bytes | None = None, *, as_of, year=None, actor=None):
        self.path = Path(path)
        self.content = content
        self.as_of = as_of
        self.year = year or as_of.year
        self.actor = actor

    def run(self, *, dry_run: bool = False) -> ImportReport:
        return run_atomically(self._work, dry_run=dry_run)

    def _work(self):
        name = self.path.name
        report = ImportReport(file=name)
        report.tables = ["residences"]
        try:
            table = read_table(self.path, self.content)
        except TableFormatError as error:
            return report, [ImportProblem(name, None, "", "", str(error))]
        columns = map_columns(table.headers)
        if not is_residence_list(table.headers):
            return report, [ImportProblem(name, 1, "", ", ".join(table.headers),
                                          "missing columns; a residence list needs Code or Résidence (with CROUS), "
                                          "and at least one of Contrat, Débit cible, Chantier.")]
        problems: list[ImportProblem] = []
        seen: dict[int, int] = {}
        for row in progress(table.rows, total=len(table.rows), label=name):
            self._import_row(name, row, columns, seen, report, problems)
        return report, problems

    def _import_row(self, name, row, columns, seen, report, problems):
        def cell(field):
            return row.values.get(columns[field], "").strip() if field in columns else ""

        def problem(field, message):
            problems.append(ImportProblem(name, row.line, columns.get(field, field), cell(field), message))

        residence = self._find_residence(cell, problem)
        if residence is None:
            return
        if residence.pk in seen:
            problem("code" if "code" in columns else "name", f"this residence is already on line {seen[residence.pk]}; keep one line per residence.")
            return
        seen[residence.pk] = row.line

        for topic in (Topic.CONTRACT, Topic.TARGET_BANDWIDTH, Topic.WORKSITE):
            self._import_topic(topic, cell, problem, residence, report)

    def _find_residence(self, cell, problem):
        if cell("code"):
            residence = Residence.objects.select_related("crous").filter(code__iexact=cell("code")).first()
            if residence is None:
                problem("code", "unknown residence code; use the code shown in the residence list of the operator pages.")
            return residence
        crous = find_crous(cell("crous"))
        if crous is None:
            problem("crous", 'unknown CROUS; write its name as in the CROUS list, for example "LYON" or "BFC".')
            return None
        matches = list(Residence.objects.select_related("crous").filter(crous=crous, name__iexact=" ".join(cell("name").split()))[:2])
        if len(matches) != 1:
            found = "no residence" if not matches else "several residences"
            problem("name", f"{found} of this name in CROUS {crous.name}; add a Code column to name the residence exactly.")
            return None
        return matches[0]

    def _import_topic(self, topic, cell, problem, residence, report):
        text = cell(topic)
        if not text:
            return
        status = parse_status(topic, text)
        if status is None:
            problem(topic, f"unknown status; {STATUS_FIX[topic]}")
            return
        try:
            effective_on = parse_date(cell(f"{topic}_on"), default_year=self.year) or self.as_of
        except ValueError:
            problem(f"{topic}_on", "invalid date; write dd/mm/yyyy, or dd/mm to take the import's year.")
            return
        if effective_on > self.as_of:
            problem(f"{topic}_on", "date after the import's as-of date; import it on or after that day (--as-of).")
            return
        change = record_change(residence, topic, status, effective_on, actor=self.actor, source=self.path.name)
        if change is None:
            report.unchanged += 1
        else:
            report.created += 1
