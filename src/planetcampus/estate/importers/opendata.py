"""Import of the CNOUS open-data list of CROUS residences.

The file is published as is: `;`-separated, quoted cells over several lines,
the CROUS only visible in e-mail and web domains (crous-<code>.fr), the
number of dwellings only in free French text ("Elle comprend 94 studios,
17 logements en colocation et 4 appartements"). Rows are keyed by the
open-data id, so a second import updates in place.
"""

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from planetcampus.core.imports import ImportProblem, ImportReport, progress, run_atomically
from planetcampus.core.tabular import TableFormatError, read_table
from planetcampus.estate.models import Residence
from planetcampus.estate.reference import DEPARTMENTS
from planetcampus.estate.services import crous_by_domain_code

REQUIRED_COLUMNS = ["id", "title", "infos", "contact", "address", "mail", "interneturl", "geocalisation"]
DOMAIN_COLUMNS = ["mail", "interneturl", "appointmenturl", "bookingurl", "troubleshootingurl", "contact", "infos"]
DOMAIN_PATTERN = re.compile(r"crous-([a-z]+(?:-[a-z]+)*)\.fr", re.IGNORECASE)

NUMBER = r"(?<![\w,.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
DWELLING_WORDS = (
    r"(studios?|studettes?|chambres?|logements?|appartements?|lits|places|"
    r"T1\s?bis|T1'|T1|T2|T3|T4|F1|F2|F3|colocations?)"
)
DWELLING_PATTERN = re.compile(NUMBER + r"\s+(?:(?:[a-zA-Zéèêàç'’-]+)\s+){0,2}?" + DWELLING_WORDS + r"\b", re.IGNORECASE)
# Paris-style tables: a type line, then the count, then the surface ("T1\n30\n18 m²").
TABLE_PATTERN = re.compile(r"^\s*((?:T\d|F\d|Studio|Chambre)[^\n]{0,30})\n\s*(\d{1,4})\s*\n\s*\d+(?:[.,]\d+)?\s*m²", re.IGNORECASE | re.MULTILINE)
BED_WORDS = {"lits", "places"}
TOTAL_PATTERN = re.compile(NUMBER + r"\s+(?:logements|places|lits)\b[^.]{0,80}?\bdont\b", re.IGNORECASE)


def extract_dwellings(text: str) -> tuple[int | None, str]:
    """Read the number of dwellings from a description, with how it was read.

    A total announced before "dont" wins ("312 logements dont 200 studios");
    otherwise the distinct counts are added up.
    """
    cleaned = text or ""
    total = TOTAL_PATTERN.search(cleaned)
    if total:
        count = _to_int(total.group(1))
        return count, f"total read from the description: {total.group(0).strip()[:80]}"
    seen, parts = set(), []
    for match in DWELLING_PATTERN.finditer(cleaned):
        count = _to_int(match.group(1))
        word = match.group(2).lower()
        if (count, word) in seen or count == 0 or count > 5000:
            continue
        seen.add((count, word))
        parts.append((count, f"{count} {word}"))
    # Beds and places count people, not dwellings: use them only when nothing else is given.
    rooms = [part for part in parts if part[1].split(" ", 1)[1] not in BED_WORDS]
    parts = rooms or parts
    # A total followed by its breakdown ("350 logements : 307 T1, 32 T2...")
    # must not be added to it: a count equal to or just above the sum of the
    # others is that total.
    if len(parts) > 1:
        largest = max(parts, key=lambda part: part[0])
        rest = sum(count for count, _ in parts) - largest[0]
        if rest and rest <= largest[0] <= rest * 1.15:
            return largest[0], f"total read from the description: {largest[1]}"
    if not parts:
        rows = [(int(count), f"{count} {kind.strip().lower()}") for kind, count in TABLE_PATTERN.findall(cleaned)]
        if rows:
            return sum(count for count, _ in rows), "sum of the table rows " + " + ".join(label for _, label in rows)
        return None, "no dwelling count in the description"
    return sum(count for count, _ in parts), "sum of " + " + ".join(label for _, label in parts)


def _to_int(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _postal_code(address: str) -> str:
    match = re.search(r"\b(\d{5})\b", address or "")
    return match.group(1) if match else ""


def _city(address: str, postal_code: str) -> str:
    """Return the town written after the postal code ("... 78280 Guyancourt")."""
    if not postal_code:
        return ""
    after = (address or "").split(postal_code, 1)[-1]
    town = re.split(r"\s+(?:cedex|CEDEX|Cedex)\b|[,\n]|Tél", after)[0]
    return " ".join(town.split()).strip(" -")


def _department(postal_code: str) -> str:
    if postal_code.startswith("97"):
        return postal_code[:3]
    if postal_code.startswith("20"):
        return "20"
    return postal_code[:2]


def _coordinates(text: str):
    try:
        latitude, longitude = (Decimal(part.strip()) for part in text.split(","))
    except (ValueError, InvalidOperation):
        return None, None
    return round(latitude, 6), round(longitude, 6)


def _nearest_crous(geolocation: str, located):
    """Return the CROUS of the closest located residence, within about 30 km."""
    latitude, longitude = _coordinates(geolocation)
    if latitude is None or not located:
        return None
    distance, crous = min(
        ((float(latitude) - lat) ** 2 + (float(longitude) - lon) ** 2, crous) for lat, lon, crous in located
    )
    return crous if distance < 0.3 ** 2 else None


class OpenDataImporter:
    def __init__(self, path: Path | str, content: bytes | None = None):
        self.path = Path(path)
        self.content = content

    def run(self, *, dry_run: bool = False) -> ImportReport:
        return run_atomically(self._work, dry_run=dry_run)

    def _work(self):
        name = self.path.name
        try:
            table = read_table(self.path, self.content)
        except TableFormatError as error:
            return ImportReport(file=name), [ImportProblem(name, None, "", "", str(error))]
        missing = [column for column in REQUIRED_COLUMNS if column not in table.headers]
        if missing:
            problem = ImportProblem(
                name, 1, ", ".join(missing), "",
                _("missing column(s); expected the CNOUS open-data header (id;title;short_desc;zone;infos;...)."),
            )
            return ImportReport(file=name), [problem]

        report, problems = ImportReport(file=name), []
        domains = crous_by_domain_code()
        departments = {dep: code for code, deps in DEPARTMENTS.items() for dep in deps}
        existing = {r.code: r for r in Residence.objects.filter(code__startswith="od-")}
        located = []  # (latitude, longitude, crous) of rows whose CROUS is certain
        pending = []
        for row in progress(table.rows, total=len(table.rows), label=name):
            postal_code = _postal_code(row.values["address"]) or _postal_code(row.values["contact"])
            crous = self._find_crous(row.values, domains, departments, postal_code)
            if crous is None:
                pending.append(row)
                continue
            latitude, longitude = _coordinates(row.values["geocalisation"])
            if latitude is not None:
                located.append((float(latitude), float(longitude), crous))
            self._import_row(row, name, crous, postal_code, existing, report, problems)
        for row in pending:
            crous = _nearest_crous(row.values["geocalisation"], located)
            if crous is not None:
                report.warnings.append(ImportProblem(
                    name, row.line, "mail", row.values["mail"],
                    _("no CROUS domain nor postal code; CROUS %(crous)s taken from the nearest residence.") % {"crous": crous.name},
                ))
                self._import_row(row, name, crous, _postal_code(row.values["contact"]), existing, report, problems)
                continue
            problems.append(ImportProblem(
                name, row.line, "mail", row.values["mail"],
                _("cannot tell the CROUS: no crous-<name>.fr address, postal code or coordinates; add the residence's e-mail."),
            ))
        return report, problems

    def _import_row(self, row, name, crous, postal_code, existing, report, problems):
        values = row.values
        open_data_id = values["id"].strip()
        if not open_data_id.isdigit():
            problems.append(ImportProblem(name, row.line, "id", open_data_id, _("the id must be a whole number; check the row was not shifted.")))
            return
        title = " ".join(values["title"].split())
        if not title:
            problems.append(ImportProblem(name, row.line, "title", "", _("the residence name is empty; fill it in.")))
            return

        dwellings, note = extract_dwellings(values["infos"])
        if dwellings is None:
            report.warnings.append(ImportProblem(name, row.line, "infos", "", _("no number of dwellings in the description; fill it in by hand.")))
        latitude, longitude = _coordinates(values["geocalisation"])
        city = _city(values["address"], postal_code) or values.get("zone", "").strip().title()
        fields = {
            "name": title[:200],
            "crous_id": crous.pk,
            "address": " ".join(values["address"].split())[:255],
            "postal_code": postal_code,
            "city": city[:120],
            "phone": values.get("phone", "").strip()[:40],
            "email": values["mail"].strip() if "@" in values["mail"] and len(values["mail"]) < 254 else "",
            "latitude": latitude,
            "longitude": longitude,
            "dwellings": dwellings,
            "dwellings_note": note[:255],
            "source": f"opendata:{open_data_id}",
        }
        self._save(f"od-{open_data_id}", fields, existing, report)

    def _find_crous(self, values, domains, departments, postal_code):
        for column in DOMAIN_COLUMNS:
            for match in DOMAIN_PATTERN.finditer(values.get(column, "")):
                crous = domains.get(match.group(1).lower())
                if crous:
                    return crous
        code = departments.get(_department(postal_code)) if postal_code else None
        return domains.get(code) if code else None

    def _save(self, code, fields, existing, report):
        residence = existing.get(code)
        if residence is None:
            Residence.objects.create(code=code, **fields)
            report.created += 1
            return
        changed = [key for key, value in fields.items() if getattr(residence, key) != value]
        if not changed:
            report.unchanged += 1
            return
        for key in changed:
            setattr(residence, key, fields[key])
        residence.save(update_fields=changed)
        report.updated += 1
