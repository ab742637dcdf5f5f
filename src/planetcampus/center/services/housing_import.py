"""Import of the housing-management system's export of residents (CSV or XLSX).

One file per residence. Columns are matched by French or English header,
whatever the case or accents. A resident is found again by the housing
system's id, else by e-mail, else by name and dwelling, so importing the
same export twice changes nothing. The import is all-or-nothing: one bad
row and the database is left as it was, with every problem named.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from planetcampus.access.models import Resident
from planetcampus.center import providers
from planetcampus.center.services.housing_records import ResidenceRecords
from planetcampus.core.clock import now
from planetcampus.core.imports import ImportProblem, ImportReport, progress, run_atomically
from planetcampus.core.tabular import TableFormatError, normalise_header, parse_date, read_table

# field -> accepted headers (compared after normalise_header)
COLUMNS = {
    "external_id": ["identifiant", "id", "n resident", "numero resident", "matricule", "resident id", "external id"],
    "full_name": ["resident", "nom complet", "locataire", "full name"],
    "last_name": ["nom", "nom de famille", "last name", "surname"],
    "first_name": ["prenom", "first name", "given name"],
    "dwelling": ["logement", "n logement", "numero de logement", "chambre", "lot", "dwelling", "room"],
    "arrival_on": ["date d arrivee", "arrivee", "date d entree", "entree", "arrival", "arrival date"],
    "departure_on": ["date de depart", "depart", "date de sortie", "sortie", "departure", "departure date"],
    "phone": ["telephone", "tel", "portable", "mobile", "phone"],
    "email": ["email", "e mail", "courriel", "mail", "adresse email"],
    "language": ["langue", "language"],
}
LANGUAGES = {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "anglais": "en", "english": "en",
             "de": "de", "allemand": "de", "german": "de", "es": "es", "espagnol": "es", "spanish": "es",
             "zh": "zh-hans", "zh hans": "zh-hans", "chinois": "zh-hans", "chinese": "zh-hans"}
FIELDS = ["external_id", "last_name", "first_name", "dwelling_id", "arrival_on", "departure_on", "phone", "email",
          "language"]


@dataclass
class HousingReport(ImportReport):
    codes_created: int = 0
    created_ids: list[int] = field(default_factory=list)


class HousingExportImporter:
    def __init__(self, residence, name: str, content: bytes, *, actor=None):
        self.residence = residence
        self.name = name
        self.content = content
        self.actor = actor

    def run(self, *, dry_run: bool = False) -> HousingReport:
        return run_atomically(self._work, dry_run=dry_run)

    def _work(self):
        report = HousingReport(file=self.name)
        try:
            table = read_table(self.name, self.content)
        except TableFormatError as error:
            return report, [ImportProblem(self.name, None, "", "", str(error))]

        columns = map_columns(table.headers)
        has_names = "full_name" in columns or {"last_name", "first_name"} <= set(columns)
        if not has_names:
            return report, [ImportProblem(self.name, 1, "", ", ".join(table.headers),
                                          _("missing columns: add “Nom” and “Prénom” (or one “Résident” column)."))]

        problems: list[ImportProblem] = []
        seen: dict[str, int] = {}
        parsed = []
        for row in progress(table.rows, total=len(table.rows), label=self.name):
            values = self._parse_row(row, columns, seen, problems)
            if values is not None:
                parsed.append(values)
        if problems:
            return report, problems

        records = ResidenceRecords(self.residence, actor=self.actor)
        records.add_dwellings({values["dwelling_number"] for values in parsed})
        for values in parsed:
            self._store(values, records, report)
        report.codes_created = records.save()
        report.created_ids = [resident.pk for resident in records.new]
        return report, problems

    def _parse_row(self, row, columns, seen, problems) -> dict | None:
        def cell(name):
            return row.values.get(columns[name], "").strip() if name in columns else ""

        def problem(name, message):
            problems.append(ImportProblem(self.name, row.line, columns.get(name, name), cell(name), message))

        count_before = len(problems)
        last_name, first_name = _names(cell("full_name"), cell("last_name"), cell("first_name"))
        if not last_name:
            problem("last_name" if "last_name" in columns else "full_name", _("the resident's last name is empty; fill it in."))
        values = {"external_id": cell("external_id")[:64], "last_name": last_name[:150], "first_name": first_name[:150],
                  "dwelling_number": cell("dwelling")[:30], "phone": "", "email": cell("email").lower()}

        for name in ("arrival_on", "departure_on"):
            try:
                values[name] = parse_date(cell(name))
            except ValueError:
                problem(name, _("not a date; write it as dd/mm/yyyy, for example 01/09/2026."))
        if values.get("arrival_on") and values.get("departure_on") and values["departure_on"] < values["arrival_on"]:
            problem("departure_on", _("the departure comes before the arrival (%(arrival)s); check both dates.")
                    % {"arrival": values["arrival_on"].strftime("%d/%m/%Y")})

        if cell("phone"):
            try:
                values["phone"] = providers.normalise_phone(cell("phone"))
            except ValidationError:
                problem("phone", _("not a valid phone number; write it as 06 12 34 56 78 or +33 6 12 34 56 78."))
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                problem("email", _("not a valid e-mail address; write it as name@example.fr."))
        language = normalise_header(cell("language"))
        values["language"] = LANGUAGES.get(language, "") if language else "fr"
        if values["language"] == "":
            problem("language", _("unknown language; write fr, en, de, es or zh."))

        identity = _identity(values)
        if identity in seen:
            problem("external_id" if values["external_id"] else "last_name",
                    _("this resident is already on line %(line)d; keep one line per resident.") % {"line": seen[identity]})
        seen[identity] = row.line
        return values if len(problems) == count_before else None

    def _store(self, values, records, report):
        values["dwelling_id"] = records.dwellings.get(values.pop("dwelling_number"))
        resident = records.find(values)
        if resident is None:
            resident = Resident(residence=self.residence, source=self.name[:200])
            _assign(resident, values)
            records.add(resident)
            records.new.append(resident)
            report.created += 1
        else:
            departure_before = resident.departure_on
            if not _assign(resident, values):
                report.unchanged += 1
            else:
                if resident.departure_on != departure_before:
                    resident.departure_processed_at = None
                resident.source = self.name[:200]
                resident.updated_at = now()  # bulk_update skips auto_now
                records.changed.append(resident)
                report.updated += 1
        records.touched.append(resident)


def map_columns(headers) -> dict[str, str]:
    mapping = {}
    for header in headers:
        key = normalise_header(header)
        for name, accepted in COLUMNS.items():
            if key in accepted and name not in mapping:
                mapping[name] = header
                break
    return mapping


def _names(full_name, last_name, first_name) -> tuple[str, str]:
    """Split "DUPONT Marie-Claire" into its last name (the upper-case words) and first name."""
    if last_name or first_name or not full_name:
        return " ".join(last_name.split()), " ".join(first_name.split())
    words = full_name.split()
    upper = [word for word in words if word.isupper() and len(word) > 1]
    if upper and len(upper) < len(words):
        return " ".join(upper), " ".join(word for word in words if word not in upper)
    return words[0], " ".join(words[1:])


def _identity(values) -> str:
    if values["external_id"]:
        return f"id:{values['external_id']}"
    if values["email"]:
        return f"email:{values['email']}"
    return f"name:{values['last_name'].lower()}|{values['first_name'].lower()}|{values['dwelling_number']}"


def _assign(resident, values) -> bool:
    changed = False
    for name in FIELDS:
        if name == "external_id" and not values[name] and resident.external_id:
            continue  # a file without ids must not erase the ids of an earlier import
        if getattr(resident, name) != values[name]:
            setattr(resident, name, values[name])
            changed = True
    return changed
