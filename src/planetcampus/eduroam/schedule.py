"""eduroam's scheduled jobs, run by `planetcampus worker`.

Every day at 03:30 Paris time the records past the legal period are
purged. When FreeRADIUS has spooled records (the platform did not answer
its post), an ingest run is created for that state of the spool file.
"""

from datetime import datetime, time, timedelta

from planetcampus.core import clock
from planetcampus.eduroam import conf
from planetcampus.eduroam.retention import SPOOL, ingest_spool, purge_expired
from planetcampus.messaging.jobs import job, planner, schedule

PURGE = "eduroam.purge"
INGEST = "eduroam.ingest"
PURGE_TIME = time(3, 30)


@planner
def plan_runs(now) -> None:
    today = clock.local_today()
    due = datetime.combine(today, PURGE_TIME, tzinfo=clock.PARIS)
    schedule(PURGE, f"{PURGE}:{today:%Y-%m-%d}", due, expires_at=due + timedelta(hours=20))

    spool = conf.RADIUS_CONFIG_DIR / SPOOL
    if spool.exists() and spool.stat().st_size:
        schedule(INGEST, f"{INGEST}:{spool.stat().st_mtime_ns}", now)


@job(PURGE)
def run_purge(run, log) -> None:
    log(f"{purge_expired()} authentication records deleted")


@job(INGEST)
def run_ingest(run, log) -> None:
    counts = ingest_spool(conf.RADIUS_CONFIG_DIR)
    log(f"{counts['stored']} stored, {counts['duplicates']} already stored, {counts['invalid']} invalid")
