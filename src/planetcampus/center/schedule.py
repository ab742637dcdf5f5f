"""The center's scheduled job, run by `planetcampus worker`.

Every day at 00:15 Paris time, the residents whose departure day is over
lose their open sessions and private WiFi (see services.residents).
"""

from datetime import datetime, time, timedelta

from planetcampus.center.services.residents import process_departures
from planetcampus.core import clock
from planetcampus.messaging.jobs import job, planner, schedule

DEPARTURES = "center.departures"
DEPARTURES_TIME = time(0, 15)


@planner
def plan_runs(now) -> None:
    today = clock.local_today()
    due = datetime.combine(today, DEPARTURES_TIME, tzinfo=clock.PARIS)
    schedule(DEPARTURES, f"{DEPARTURES}:{today:%Y-%m-%d}", due, expires_at=due + timedelta(hours=23))


@job(DEPARTURES)
def run_departures(run, log) -> None:
    log(f"{process_departures()} departure(s) processed")
