from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planetcampus.core.imports import ImportFailed
from planetcampus.estate.models import Residence
from planetcampus.estate.services import find_crous
from planetcampus.reporting import exports
from planetcampus.reporting.ingest import ingest_file
from planetcampus.reporting.kpis import month_kpis
from planetcampus.reporting.periods import Month
from planetcampus.reporting.tables import build_sections


class Command(BaseCommand):
    help = "SLA reporting: ingest probe files and write the monthly report."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ingest = sub.add_parser("ingest", help="Add probe samples (CSV, Parquet, iperf3 -J JSON, ping -D / fping -D output).")
        ingest.add_argument("files", nargs="+", type=Path)
        ingest.add_argument("--residence", help="Residence code of files that name none (iperf3, ping, CSV without a residence column).")
        ingest.add_argument("--format", dest="file_format", choices=["csv", "parquet", "iperf3", "ping"],
                            help="File format; by default guessed from the extension (.csv, .parquet, .json, .log/.txt).")
        monthly = sub.add_parser("monthly", help="Write the monthly table of KPIs per CROUS and residence.")
        monthly.add_argument("--month", required=True, help="Month as YYYY-MM.")
        monthly.add_argument("--crous", help="Only this CROUS (code, name or usual spelling such as BFC).")
        monthly.add_argument("--format", dest="file_format", required=True, choices=["csv", "xlsx", "pdf"])
        monthly.add_argument("--output", type=Path, help="Output file; standard output for CSV when missing.")

    def handle(self, *args, action, **options):
        if action == "ingest":
            self._ingest(options)
        else:
            self._monthly(options)

    def _ingest(self, options):
        residence = None
        if options["residence"]:
            residence = Residence.objects.filter(code=options["residence"]).first()
            if residence is None:
                raise CommandError(f"residence {options['residence']!r} not found: give a residence code.")
        for path in options["files"]:
            if not path.is_file():
                raise CommandError(f"{path} not found: give the path of a probe file.")
        # Check every file before storing any, so one bad file stores nothing.
        try:
            for path in options["files"]:
                ingest_file(path, residence=residence, file_format=options["file_format"], check_only=True)
        except ImportFailed as failure:
            raise CommandError(failure.describe()) from None
        for path in options["files"]:
            try:
                result = ingest_file(path, residence=residence, file_format=options["file_format"])
            except ImportFailed as failure:
                raise CommandError(failure.describe()) from None
            self.stdout.write(result.summary())
            for gap in result.gaps[:10]:
                self.stdout.write(f"  gap at {gap['residence']}: {gap['from']} to {gap['to']}, {gap['missing']} sample(s) missing")

    def _monthly(self, options):
        try:
            month = Month.parse(options["month"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        residences = Residence.objects.select_related("crous").order_by("crous__name", "name")
        if options["crous"]:
            crous = find_crous(options["crous"])
            if crous is None:
                raise CommandError(f"CROUS {options['crous']!r} not found: write its code or name, for example bfc.")
            residences = residences.filter(crous=crous)
        sections = build_sections(month_kpis(list(residences), month))
        content = exports.render(sections, month, options["file_format"])
        output = options["output"]
        if output:
            output.write_bytes(content)
            self.stdout.write(f"{output}: {len(sections)} CROUS, {sum(len(s.lines) for s in sections)} residence(s).")
        elif options["file_format"] == "csv":
            self.stdout.write(content.decode("utf-8-sig"), ending="")
        else:
            raise CommandError(f"{options['file_format']} is binary: give --output FILE.")
