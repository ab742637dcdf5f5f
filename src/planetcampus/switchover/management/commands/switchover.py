import csv
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from planetcampus.estate.models import Residence
from planetcampus.switchover.planning import Standing, plans_for
from planetcampus.switchover.selection import candidates

COLUMNS = ["crous", "code", "residence", "standing", "switch_on", "blocking"]


def parse_month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise CommandError(f"--month {text!r} is invalid: write it as YYYY-MM, for example 2027-04.") from None


class Command(BaseCommand):
    help = "Switch-over tools. `plan --month YYYY-MM` lists the residences switching on the 1st of that month " \
           "and what blocks the others."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        plan = commands.add_parser("plan", help="List the residences switching on the 1st of a month.")
        plan.add_argument("--month", required=True, help="The month of the switch-over, YYYY-MM.")
        plan.add_argument("--format", choices=["table", "csv"], default="table", help="Output format.")
        plan.add_argument("--language", default="fr", choices=["fr", "en"], help="Language of the labels.")

    def handle(self, *args, action, month, format, language, **options):
        switch_on = parse_month(month)
        with translation.override(language):
            rows = self.rows(switch_on)
            if format == "csv":
                writer = csv.writer(self.stdout, delimiter=";", lineterminator="\n")
                writer.writerow(COLUMNS)
                writer.writerows(rows)
            else:
                self.table(rows, switch_on)

    def rows(self, switch_on: date) -> list[list[str]]:
        """Residences switching on `switch_on` first, then every other one still to switch with its obstacle."""
        residences = candidates(switch_on) | Residence.objects.filter(switched_over_on=switch_on)
        plans = plans_for(residences.distinct().select_related("crous"))
        rows = []
        for plan in sorted(plans.values(), key=lambda p: (p.switch_on != switch_on, p.residence.crous.name,
                                                          p.residence.name)):
            obstacle = "; ".join(plan.blocking) or (plan.hold.reason if plan.hold else "")
            rows.append([plan.residence.crous.name, plan.residence.code, plan.residence.name, str(plan.label),
                         plan.switch_on.isoformat() if plan.switch_on else "", obstacle])
        return rows

    def table(self, rows, switch_on):
        switching = [row for row in rows if row[4] == switch_on.isoformat()]
        others = [row for row in rows if row[4] != switch_on.isoformat()]
        self.stdout.write(f"{switch_on:%Y-%m-%d}: {len(switching)} residence(s)")
        self._write(switching)
        self.stdout.write("")
        self.stdout.write(f"Not switching on {switch_on:%Y-%m-%d}: {len(others)}")
        self._write(others)

    def _write(self, rows):
        if not rows:
            return
        widths = [max(len(str(row[index])) for row in rows + [COLUMNS]) for index in range(len(COLUMNS))]
        for row in [COLUMNS, *rows]:
            self.stdout.write("  ".join(str(value).ljust(width) for value, width in zip(row, widths)).rstrip())
