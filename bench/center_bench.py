"""Center imports and printing, each measured against a baseline run in the same command.

    .venv/bin/python bench/center_bench.py [--residents 2000] [--codes 200] [--repeat 3]

What runs, on PostgreSQL database pc_center_bench (dropped and created):
- housing export import of N residents (CSV), against the baseline of only
  reading and parsing that file with core.tabular (no database): first
  import (creates residents, dwellings and codes), re-import of the same
  file (all unchanged), and a dry run;
- a batch of visitor codes, its PDF sheet (eight cards a page) against the
  baseline of a reportlab canvas with the same number of pages and one
  string per card.

Each figure is the best of --repeat runs; ratios are figure / baseline.
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATABASE = "pc_center_bench"


def setup_django():
    os.environ.update({"DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
                       "DJANGO_SETTINGS_MODULE": "planetcampus.settings", "DEBUG": "false",
                       "LOG_LEVEL": "WARNING", "DJANGO_ENV": "demo"})
    for statement in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", statement], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def housing_export(count: int) -> bytes:
    lines = ["Identifiant;Nom;Prénom;Logement;Date d'arrivée;Date de départ;Téléphone;Email"]
    for index in range(count):
        lines.append(f"H-{index:06d};NOM{index};Prénom{index};{index // 4:04d};01/09/2026;30/06/2027;"
                     f"06 {10 + index // 10000:02d} {index // 100 % 100:02d} {index % 100:02d} 00;r{index}@etu.test")
    return ("\n".join(lines) + "\n").encode("utf-8")


def best(function, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def once(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def bench_import(residence, count: int, repeat: int) -> list[tuple[str, float, float]]:
    from planetcampus.center.services.housing_import import HousingExportImporter
    from planetcampus.core.tabular import parse_date, read_table

    content = housing_export(count)

    def parse_only():
        table = read_table("export.csv", content)
        for row in table.rows:
            parse_date(row.values["Date de départ"])

    baseline = best(parse_only, repeat)
    first = once(lambda: HousingExportImporter(residence, "export.csv", content).run())
    again = best(lambda: HousingExportImporter(residence, "export.csv", content).run(), repeat)
    dry = best(lambda: HousingExportImporter(residence, "export.csv", content).run(dry_run=True), repeat)
    return [("read and parse the file (baseline)", baseline, 1.0),
            ("first import", first, first / baseline),
            ("same file again (all unchanged)", again, again / baseline),
            ("dry run", dry, dry / baseline)]


def bench_codes(residence, count: int, repeat: int) -> list[tuple[str, float, float]]:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from planetcampus.center.printing.codes import COLUMNS, ROWS, render_codes
    from planetcampus.center.services.visitor_codes import VisitorTerms, create_visitor_codes
    from planetcampus.core.clock import now

    terms = VisitorTerms(now(), now() + timedelta(days=1), 2, 3600, note="bench")
    created = once(lambda: create_visitor_codes(None, residence, terms, count=count))
    codes = list(residence.connection_codes.filter(kind="visitor").select_related("residence")[:count])

    def blank_pages():
        canvas = Canvas(io.BytesIO(), pagesize=A4)
        for index, code in enumerate(codes):
            canvas.drawString(50, 50 + (index % (COLUMNS * ROWS)) * 80, code.code)
            if index % (COLUMNS * ROWS) == COLUMNS * ROWS - 1:
                canvas.showPage()
        canvas.showPage()
        canvas.save()

    baseline = best(blank_pages, repeat)
    sheet = best(lambda: render_codes(codes, title="bench"), repeat)
    return [(f"create a batch of {count} codes", created, float("nan")),
            ("PDF, one string per card (baseline)", baseline, 1.0),
            ("PDF sheet with cards in two languages", sheet, sheet / baseline)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=2000, help="Residents in the housing export.")
    parser.add_argument("--codes", type=int, default=200, help="Visitor codes in the batch (at most 200).")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per figure; the best is kept.")
    options = parser.parse_args()

    setup_django()
    from planetcampus.estate.models import Crous, Residence

    crous = Crous.objects.create(code="bench", name="CROUS Bench")
    residence = Residence.objects.create(code="bench-a", name="Résidence Bench", crous=crous)

    rows = bench_import(residence, options.residents, options.repeat)
    rows += bench_codes(residence, options.codes, options.repeat)
    print(f"{'step':45} {'seconds':>9} {'ratio':>8}")
    for label, seconds, ratio in rows:
        print(f"{label:45} {seconds:9.3f} {ratio:8.1f}")
    print(f"import: {options.residents / rows[1][1]:.0f} residents/s first time, "
          f"{options.residents / rows[2][1]:.0f} residents/s unchanged")


if __name__ == "__main__":
    main()
