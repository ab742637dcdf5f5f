"""`planetcampus rollout import|summary`: the rollout tables from the command line."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from planetcampus.core.clock import local_today
from planetcampus.core.imports import ImportFailed
from planetcampus.core.tabular import TableFormatError, parse_date
from planetcampus.estate.services import seed_crous
from planetcampus.rollout import exports
from planetcampus.rollout.compare import default_comparison, headlines
from planetcampus.rollout.importers import importer_for
from planetcampus.rollout.summary import build_summary
from planetcampus.rollout.templatetags.rollout import comparison_sentence


def command_date(text):
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"invalid date {text!r}")
    return day


command_date.__name__ = "date (yyyy-mm-dd or dd/mm/yyyy)"


class Command(BaseCommand):
    help = "Rollout tracking: import count tables or residence lists, and print the four tables as of a date."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="Import count tables (pasted from slides or spreadsheets) or residence lists, all-or-nothing.")
        importing.add_argument("files", nargs="+", type=Path, help="CSV, XLSX or text files.")
        importing.add_argument("--as-of", type=command_date, help="Date the figures describe (default: today).")
        importing.add_argument("--year", type=int, help="Year of dates written without one, such as 22/01 (default: the --as-of year).")
        importing.add_argument("--dry-run", action="store_true", help="Check every line and change nothing.")

        summary = sub.add_parser("summary", help="Print the four rollout tables as of a date.")
        summary.add_argument("--as-of", type=command_date, help="Date to rebuild the tables for (default: today).")
        summary.add_argument("--compare", type=command_date, help="Earlier date to compare the headline figures with "
                                                                  "(default: the latest earlier import or national figure).")
        summary.add_argument("--format", choices=["table", "csv", "xlsx"], default="table", help="Output format (default: table).")
        summary.add_argument("--output", type=Path, help="File to write; required for xlsx (default: standard output).")
        summary.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default="fr",
                             help="Language of headers and sentences (default: fr).")

    def handle(self, *args, action, **options):
        if action == "import":
            self._import(options)
        else:
            with translation.override(options["language"]):
                self._summary(options)

    def _import(self, options):
        as_of = options["as_of"] or local_today()
        for path in options["files"]:
            if not path.is_file():
                raise CommandError(f"{path} not found: give the path of a CSV, XLSX or text file.")

        # All files in one transaction: a problem in the last file undoes the first ones too.
        reports = []
        try:
            with transaction.atomic():
                seed_crous()
                for path in options["files"]:
                    reports.append(importer_for(path, as_of=as_of, year=options["year"]).run(dry_run=options["dry_run"]))
        except ImportFailed as failure:
            raise CommandError(failure.describe()) from None
        except TableFormatError as error:
            raise CommandError(str(error)) from None

        for report in reports:
            tables = ", ".join(report.tables)
            self.stdout.write(f"{report.summary()} Tables: {tables}; as of {as_of:%d/%m/%Y}.")
            for warning in report.warnings:
                self.stdout.write(f"  warning: {warning}")

    def _summary(self, options):
        as_of = options["as_of"] or local_today()
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("--format xlsx writes a binary file: add --output FILE.xlsx.")
        summary = build_summary(as_of)
        parts = exports.sections(summary)

        if options["format"] == "xlsx":
            options["output"].write_bytes(exports.to_xlsx(parts, summary))
            self.stdout.write(f"Wrote {options['output']}.")
            return
        if options["format"] == "csv":
            text = exports.to_csv(parts, summary)
        else:
            text = exports.to_text(parts, summary) + "\n" + self._headline_text(summary, as_of, options["compare"])
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8-sig" if options["format"] == "csv" else "utf-8")
            self.stdout.write(f"Wrote {options['output']}.")
        else:
            sys.stdout.flush()
            self.stdout.write(text, ending="")

    def _headline_text(self, summary, as_of, compare_on):
        compare_on = compare_on or default_comparison(as_of, national=True)
        return "".join(f"- {comparison_sentence(h)}\n" for h in headlines(summary, None, compare_on, national=True))
