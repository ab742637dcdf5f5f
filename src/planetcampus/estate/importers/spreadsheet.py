"""Import of operator spreadsheets of residences (CSV or XLSX, French headers).

Columns are matched by their French (or English) header, whatever the case
or accents. A residence is found by its code, or else by its name within its
CROUS, so a re-import updates in place.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from planetcampus.core.imports import ImportProblem, ImportReport, progress, run_atomically
from planetcampus.core.tabular import TableFormatError, normalise_header, parse_date, parse_decimal, parse_int, read_table
from planetcampus.estate.models import Residence
from planetcampus.estate.naming import normalise_crous_name, slugify_code
from planetcampus.estate.services import find_crous

POSTAL_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
# Sanity limits: the largest French residences have a few thousand dwellings.
MAX_DWELLINGS = 20_000
MAX_MBPS = Decimal("1000000")

# field -> accepted headers (compared after normalise_header)
COLUMNS = {
    "code": ["code", "code residence", "residence code", "identifiant"],
    "name": ["nom", "residence", "nom de la residence", "name", "etablissement"],
    "crous": ["crous", "etablissement crous"],
    "address": ["adresse", "address"],
    "postal_code": ["code postal", "cp", "postal code"],
    "city": ["ville", "commune", "city"],
    "offer": ["offre", "marche", "offer", "contrat"],
    "dwellings": ["nombre de logements", "logements", "nb logements", "nbre de lots", "lots", "dwellings"],
    "fibred_dwellings": ["logements fibres", "nombre de logements fibres", "lots fibres", "fibred dwellings"],
    "backhaul": ["collecte", "type de collecte", "backhaul"],
    "backhaul_mbps": ["debit collecte mb s", "debit de collecte mb s", "debit collecte", "backhaul mbps"],
    "target_bandwidth_mbps": ["debit cible mb s", "debit cible", "target bandwidth mbps"],
    "opened_on": ["date d ouverture", "ouverture", "opened on"],
    "switched_over_on": ["date de bascule", "bascule", "switched over on"],
    "closed_on": ["date de fermeture", "fermeture", "closed on"],
}
OFFERS = {"planetcampus": Residence.Offer.PLANETCAMPUS, "pc": Residence.Offer.PLANETCAMPUS,
          "smartcampus": Residence.Offer.SMARTCAMPUS, "sc": Residence.Offer.SMARTCAMPUS}
BACKHAULS = {"fibre": Residence.Backhaul.FIBRE, "fiber": Residence.Backhaul.FIBRE, "ftth": Residence.Backhaul.FIBRE,
             "adsl": Residence.Backhaul.ADSL, "vdsl": Residence.Backhaul.OTHER, "autre": Residence.Backhaul.OTHER,
             "other": Residence.Backhaul.OTHER, "4g": Residence.Backhaul.OTHER, "radio": Residence.Backhaul.OTHER}


class ResidenceSpreadsheetImporter:
    def __init__(self, path: Path | str, content: bytes | None = None):
        self.path = Path(path)
        self.content = content

    def run(self, *, dry_run: bool = False) -> ImportReport:
        return run_atomically(self._work, dry_run=dry_run)

    def _work(self):
        name = self.path.name
        report = ImportReport(file=name)
        try:
            table = read_table(self.path, self.content)
        except TableFormatError as error:
            return report, [ImportProblem(name, None, "", "", str(error))]

        columns = self._map_columns(table.headers)
        missing = [field for field in ("name", "crous") if field not in columns]
        if missing:
            expected = "; ".join(f"{field}: {' / '.join(COLUMNS[field][:2])}" for field in missing)
            return report, [ImportProblem(name, 1, "", ", ".join(table.headers), _("missing column(s); add a header for %(expected)s.") % {"expected": expected})]

        if not table.rows:
            return report, [ImportProblem(name, 2, "", "", _("the file has a header but no residence; add one line per residence."))]
        problems: list[ImportProblem] = []
        seen_codes: dict[str, int] = {}
        for row in progress(table.rows, total=len(table.rows), label=name):
            self._import_row(name, row, columns, seen_codes, report, problems)
        return report, problems

    def _map_columns(self, headers):
        mapping = {}
        for header in headers:
            key = normalise_header(header)
            for field, accepted in COLUMNS.items():
                if key in accepted and field not in mapping:
                    mapping[field] = header
        return mapping

    def _import_row(self, name, row, columns, seen_codes, report, problems):
        def cell(field):
            return row.values.get(columns[field], "").strip() if field in columns else ""

        def problem(field, message):
            problems.append(ImportProblem(name, row.line, columns.get(field, field), cell(field), message))

        problems_before = len(problems)
        crous = find_crous(cell("crous"))
        if crous is None:
            problem("crous", _("unknown CROUS; write its name (for example “Lyon” or “BFC”) as in the CROUS list."))
            return
        residence_name = " ".join(cell("name").split())
        if not residence_name:
            problem("name", _("the residence name is empty; fill it in."))
            return

        fields = {"name": residence_name, "crous_id": crous.pk}
        for field in ("address", "postal_code", "city"):
            if field in columns:
                fields[field] = " ".join(cell(field).split())
        for field, value in fields.items():
            limit = getattr(Residence._meta.get_field(field.removesuffix("_id")), "max_length", None)
            if isinstance(value, str) and limit and len(value) > limit:
                problem(field, _("too long (%(length)d characters, at most %(limit)d); shorten it.") % {"length": len(value), "limit": limit})
        if fields.get("postal_code") and not POSTAL_CODE.fullmatch(fields["postal_code"]):
            problem("postal_code", _("invalid postal code; write the five digits, for example 21000."))
        if cell("offer"):
            offer = OFFERS.get(normalise_crous_name(cell("offer")).replace(" ", "").lower())
            if offer is None:
                problem("offer", _("unknown offer; write PlanetCampus or SmartCampus."))
            fields["offer"] = offer
        if cell("backhaul"):
            backhaul = BACKHAULS.get(normalise_header(cell("backhaul")))
            if backhaul is None:
                problem("backhaul", _("unknown backhaul; write Fibre, ADSL or Autre."))
            fields["backhaul"] = backhaul
        for field in ("dwellings", "fibred_dwellings"):
            if field in columns:
                fields[field] = self._number(cell(field), parse_int, field, problem, _("a whole number of dwellings"), MAX_DWELLINGS)
        for field in ("backhaul_mbps", "target_bandwidth_mbps"):
            if field in columns:
                value = self._number(cell(field), parse_decimal, field, problem, _("a bandwidth in Mb/s such as 100 or 12,5"), MAX_MBPS)
                if value is not None and value != value.quantize(Decimal("0.01")):
                    problem(field, _("too many decimals; write at most two, for example 12,5."))
                fields[field] = value
        for field in ("opened_on", "switched_over_on", "closed_on"):
            if field in columns:
                fields[field] = self._date(cell(field), field, problem)
        opened, closed = fields.get("opened_on"), fields.get("closed_on")
        if opened and closed and closed < opened:
            problem("closed_on", _("closing date before the opening date (%(date)s); check both columns.") % {"date": f"{opened:%d/%m/%Y}"})
        dwellings, fibred = fields.get("dwellings"), fields.get("fibred_dwellings")
        if isinstance(dwellings, int) and isinstance(fibred, int) and fibred > dwellings:
            problem("fibred_dwellings", _("more fibred dwellings than dwellings (%(dwellings)d); check both columns.") % {"dwellings": dwellings})

        code = slugify_code(cell("code")) if cell("code") else ""
        if code:
            if code in seen_codes:
                problem("code", _("this code is already used on line %(line)d; each residence needs its own code.") % {"line": seen_codes[code]})
                return
            seen_codes[code] = row.line
        if problems_before == len(problems):
            self._save(code, crous, fields, report, problem)

    @staticmethod
    def _number(text, parser, field, problem, expected, maximum):
        try:
            value = parser(text)
        except ValueError:
            problem(field, _("invalid number; write %(expected)s.") % {"expected": expected})
            return None
        if value is not None and value < 0:
            problem(field, _("negative number; write a value of zero or more."))
        elif value is not None and value > maximum:
            problem(field, _("number too large (more than %(maximum)s); check the column.") % {"maximum": maximum})
        return value

    @staticmethod
    def _date(text, field, problem) -> date | None:
        try:
            return parse_date(text)
        except ValueError:
            problem(field, _("invalid date; write it as dd/mm/yyyy, for example 01/10/2020."))
            return None

    def _save(self, code, crous, fields, report, problem):
        """Create or update one residence.

        A row with a code updates the residence with that code. Without a
        match, a residence of the same name in the same CROUS is updated and
        takes the file's code, so operator codes can be given to open-data
        residences. An import never moves a residence to another CROUS.
        """
        residence = Residence.objects.filter(code=code).first() if code else None
        if residence is not None and residence.crous_id != crous.pk:
            problem("crous", _("residence %(code)s belongs to CROUS %(crous)s; an import does not move a residence, change it in the back office.") % {"code": code, "crous": residence.crous})
            return
        if residence is None:
            # No residence has the file's code (looked up above), so a name match can take it.
            residence = Residence.objects.filter(crous=crous, name__iexact=fields["name"]).first()
            if residence is not None and code:
                fields = {**fields, "code": code}
        if residence is None:
            code = code or self._free_code(crous, fields["name"])
            Residence.objects.create(code=code, source=self.path.name[:120], **fields)
            report.created += 1
            return
        changed = [key for key, value in fields.items() if _differs(getattr(residence, key), value)]
        if not changed:
            report.unchanged += 1
            return
        for key in changed:
            setattr(residence, key, fields[key])
        residence.save(update_fields=changed)
        report.updated += 1

    @staticmethod
    def _free_code(crous, name):
        base = slugify_code(f"{crous.code}-{name}", 36)
        code, suffix = base, 2
        while Residence.objects.filter(code=code).exists():
            code, suffix = f"{base}-{suffix}", suffix + 1
        return code


def _differs(current, new):
    if isinstance(current, Decimal) and isinstance(new, Decimal):
        return current.compare(new) != 0
    return current != new
