"""Rebuilding the rollout tables and the switch-over criteria from the dated history.

Run:  .venv/bin/python bench/rollout_bench.py [--residences 800] [--changes 4]

Creates the PostgreSQL database pc_rollout_bench (dropped first), the 23
CROUS of the market, N residences spread over them and, for each residence
and topic, a series of dated status changes over 2020. Then it times, best
of 5 runs:

- floor:      one query reading every change row up to the date (values_list),
              the least any rebuild must do;
- summary:    summary.build_summary on that date (the four tables);
- criteria:   eligibility.criteria_for every residence on that date.

The figures to watch are the ratios to the floor.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATABASE = "pc_rollout_bench"


def setup_django():
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planetcampus.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(residence_count, changes_per_topic):
    from planetcampus.estate.models import Crous, Residence
    from planetcampus.estate.services import seed_crous
    from planetcampus.rollout.models import STATUS_CHOICES, ResidenceStatusChange

    seed_crous()
    market = list(Crous.objects.filter(in_market=True))
    Residence.objects.bulk_create(
        Residence(code=f"bench-{i}", name=f"Résidence {i}", crous=market[i % len(market)]) for i in range(residence_count)
    )
    randomiser = random.Random(42)
    changes = []
    for residence in Residence.objects.all():
        for topic, statuses in STATUS_CHOICES.items():
            day = date(2020, 1, 1)
            for _step in range(changes_per_topic):
                day += timedelta(days=randomiser.randint(1, 80))
                changes.append(ResidenceStatusChange(residence=residence, topic=topic, status=randomiser.choice(statuses.values),
                                                     effective_on=day))
    ResidenceStatusChange.objects.bulk_create(changes, batch_size=5000)
    return len(changes)


def best_of(runs, work):
    timings = []
    for _run in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residences", type=int, default=800, help="Residences to create (default 800).")
    parser.add_argument("--changes", type=int, default=4, help="Status changes per residence and topic (default 4).")
    options = parser.parse_args()

    setup_django()
    change_count = populate(options.residences, options.changes)
    from planetcampus.estate.models import Residence
    from planetcampus.rollout.eligibility import criteria_for
    from planetcampus.rollout.models import ResidenceStatusChange
    from planetcampus.rollout.summary import build_summary

    as_of = date(2020, 12, 31)
    floor = best_of(5, lambda: list(ResidenceStatusChange.objects.filter(effective_on__lte=as_of).values_list(
        "residence_id", "topic", "status", "effective_on")))
    summary = best_of(5, lambda: build_summary(as_of))
    criteria = best_of(5, lambda: criteria_for(Residence.objects.all(), as_of))

    print(f"{options.residences} residences, {change_count} changes, as of {as_of}")
    print(f"floor     {floor * 1000:8.1f} ms")
    print(f"summary   {summary * 1000:8.1f} ms   ratio {summary / floor:5.2f}")
    print(f"criteria  {criteria * 1000:8.1f} ms   ratio {criteria / floor:5.2f}")


if __name__ == "__main__":
    main()
