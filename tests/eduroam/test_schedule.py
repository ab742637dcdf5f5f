from datetime import datetime, timezone

import time_machine

from planetcampus.eduroam import conf, schedule
from planetcampus.messaging.jobs import run_due
from planetcampus.messaging.models import Job

NOW = datetime(2026, 3, 10, 3, 0, tzinfo=timezone.utc)


@time_machine.travel(NOW, tick=False)
def test_planner_schedules_the_daily_purge_at_half_past_three_paris(db, tmp_path, monkeypatch):
    monkeypatch.setattr(conf, "RADIUS_CONFIG_DIR", tmp_path)

    schedule.plan_runs(NOW)
    schedule.plan_runs(NOW)

    purge = Job.objects.get(kind=schedule.PURGE)
    assert purge.key == "eduroam.purge:2026-03-10"
    assert purge.due_at == datetime(2026, 3, 10, 2, 30, tzinfo=timezone.utc)
    assert not Job.objects.filter(kind=schedule.INGEST).exists()


def test_planner_schedules_an_ingest_when_records_are_spooled(transactional_db, estate, tmp_path, monkeypatch):
    monkeypatch.setattr(conf, "RADIUS_CONFIG_DIR", tmp_path)
    spool = tmp_path / "eduroam" / "spool" / "authentications.jsonl"
    spool.parent.mkdir(parents=True)
    spool.write_text("not a record\n")

    schedule.plan_runs(datetime.now(timezone.utc))
    handled = run_due("test-worker")

    ingest = Job.objects.get(kind=schedule.INGEST)
    ingest.refresh_from_db()
    assert handled >= 1
    assert ingest.status == Job.Status.DONE
    assert spool.read_text() == ""
