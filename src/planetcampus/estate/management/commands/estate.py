from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from planetcampus.core.imports import ImportFailed
from planetcampus.estate.importers.opendata import OpenDataImporter
from planetcampus.estate.importers.spreadsheet import ResidenceSpreadsheetImporter
from planetcampus.estate.services import seed_crous


class Command(BaseCommand):
    help = "Estate: load the CROUS list and import residences (all-or-nothing)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("seed-crous", help="Create or update the CROUS reference list and aliases.")
        for action, help_text in (
            ("import-opendata", "Import the CNOUS open-data CSV of residences."),
            ("import", "Import an operator spreadsheet of residences (CSV or XLSX)."),
        ):
            command = sub.add_parser(action, help=help_text)
            command.add_argument("files", nargs="+", type=Path)
            command.add_argument("--dry-run", action="store_true", help="Check every row and change nothing.")
            command.add_argument("--show-warnings", action="store_true", help="List rows without a dwelling count.")

    def handle(self, *args, action, **options):
        if action == "seed-crous":
            count = seed_crous()
            self.stdout.write(f"{count} CROUS created.")
            return
        importer_class = OpenDataImporter if action == "import-opendata" else ResidenceSpreadsheetImporter
        missing = [str(path) for path in options["files"] if not path.is_file()]
        if missing:
            raise CommandError(f"{', '.join(missing)} not found: give the path of a CSV or XLSX file.")

        # All files in one transaction: a problem in the last file undoes the first ones too.
        reports = []
        try:
            with transaction.atomic():
                if not options["dry_run"]:
                    seed_crous()
                for path in options["files"]:
                    reports.append(importer_class(path).run(dry_run=options["dry_run"]))
        except ImportFailed as failure:
            raise CommandError(failure.describe()) from None

        for report in reports:
            self.stdout.write(report.summary())
            if options["show_warnings"]:
                for warning in sorted(report.warnings, key=lambda w: w.line or 0):
                    self.stdout.write(f"  warning: {warning}")
