"""Outbox delivery and switch-over planning, against their floors.

Run:  .venv/bin/python bench/switchover_bench.py [--messages 2000] [--residences 800]

Creates the PostgreSQL database pc_switchover_bench (dropped first) and times:

- write floor: the file SMS gateway writing N messages, without the database;
- deliver:     the outbox delivering N queued SMS through the same gateway
               (claim UPDATE, send, record UPDATE per message);
- criteria:    rollout eligibility.criteria_for every residence (the floor of planning);
- plans:       switchover.planning.plans_for every residence (criteria plus holds and waves).

The figures to watch are deliver / write floor and plans / criteria.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATABASE = "pc_switchover_bench"


def setup_django(sms_dir):
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    os.environ["SMS_FILE_PATH"] = str(sms_dir)
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planetcampus.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def time_delivery(count, sms_dir):
    from planetcampus.messaging import delivery
    from planetcampus.messaging.outbox import enqueue_sms
    from planetcampus.messaging.sms import FileGateway

    gateway = FileGateway(Path(sms_dir) / "floor")
    fakes = [SimpleNamespace(external_id=f"floor-{i}", to="+33612345678", body="Bascule aujourd'hui") for i in range(count)]
    start = time.perf_counter()
    for fake in fakes:
        gateway.send(fake)
    floor = time.perf_counter() - start

    for number in range(count):
        enqueue_sms("+33612345678", "Bascule aujourd'hui", key=f"bench:{number}")
    start = time.perf_counter()
    while delivery.deliver_due("bench", limit=500):
        pass
    return floor, time.perf_counter() - start


def populate_residences(count):
    from planetcampus.estate.models import Crous, Residence
    from planetcampus.estate.services import seed_crous
    from planetcampus.rollout.models import ResidenceStatusChange

    seed_crous()
    market = list(Crous.objects.filter(in_market=True))
    Residence.objects.bulk_create(Residence(code=f"bench-{i}", name=f"Résidence {i}", crous=market[i % len(market)])
                                  for i in range(count))
    randomiser = random.Random(7)
    changes = []
    for residence in Residence.objects.all():
        day = date(2026, 1, 1) + timedelta(days=randomiser.randint(0, 300))
        changes += [ResidenceStatusChange(residence=residence, topic="contract", status="planetcampus", effective_on=day),
                    ResidenceStatusChange(residence=residence, topic="target_bandwidth", status="not_needed",
                                          effective_on=day),
                    ResidenceStatusChange(residence=residence, topic="worksite",
                                          status=randomiser.choice(["delivered", "works"]), effective_on=day)]
    ResidenceStatusChange.objects.bulk_create(changes, batch_size=5000)


def best_of(runs, work):
    timings = []
    for _run in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000, help="SMS to deliver (default 2000).")
    parser.add_argument("--residences", type=int, default=800, help="Residences to plan (default 800).")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as sms_dir:
        setup_django(sms_dir)
        floor, deliver = time_delivery(arguments.messages, sms_dir)

    populate_residences(arguments.residences)
    from planetcampus.estate.models import Residence
    from planetcampus.rollout.eligibility import criteria_for
    from planetcampus.switchover.planning import plans_for

    residences = Residence.objects.all()
    criteria = best_of(5, lambda: criteria_for(residences))
    plans = best_of(5, lambda: plans_for(residences))

    print(f"write floor  {arguments.messages} SMS: {floor * 1000:8.1f} ms")
    print(f"deliver      {arguments.messages} SMS: {deliver * 1000:8.1f} ms  "
          f"({arguments.messages / deliver:.0f} msg/s, x{deliver / floor:.1f} the floor)")
    print(f"criteria     {arguments.residences} residences: {criteria * 1000:8.1f} ms")
    print(f"plans        {arguments.residences} residences: {plans * 1000:8.1f} ms  (x{plans / criteria:.2f} criteria)")


if __name__ == "__main__":
    main()
