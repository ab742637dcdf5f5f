"""The switch-over's scheduled jobs, run by `planetcampus worker`.

Each 1st has four runs, all in Paris time. The selection and the lists to
the CROUS IT contacts run on the 10th before, at 18:00. The managers'
e-mails go at D-7 09:00 and the residents' SMS at D 07:00. The 15:00 check
sends the "done" SMS or alerts the operator. Runs missed while no worker ran are
caught up when one starts again, unless their moment has passed (see
`expires_at`): the selection for a 1st already gone, or the 07:00 SMS after 11:00.
"""

from datetime import date, timedelta

from planetcampus.core import clock
from planetcampus.messaging.jobs import job, planner, schedule
from planetcampus.switchover import calendar, checklist, communications, selection
from planetcampus.switchover.models import Entry, Wave

SELECT = "switchover.select"
MANAGERS = "switchover.managers"
ANNOUNCE = "switchover.announce"
CONFIRM = "switchover.confirm"


def _switch_on(run) -> date:
    return date.fromisoformat(run.params["switch_on"])


def schedule_selection(switch_on: date):
    selection_on = calendar.selection_day(switch_on)
    return schedule(SELECT, f"{SELECT}:{switch_on:%Y-%m}", calendar.paris_time(selection_on, calendar.SELECTION_TIME),
                    params={"switch_on": switch_on.isoformat()},
                    expires_at=calendar.paris_time(switch_on, calendar.MIDNIGHT))


def schedule_wave(wave: Wave) -> None:
    day, params = wave.switch_on, {"switch_on": wave.switch_on.isoformat()}
    schedule(MANAGERS, f"{MANAGERS}:{day:%Y-%m}",
             calendar.paris_time(calendar.manager_notice_day(day), calendar.MANAGER_NOTICE_TIME),
             params=params, expires_at=calendar.paris_time(day, calendar.MIDNIGHT))
    schedule(ANNOUNCE, f"{ANNOUNCE}:{day:%Y-%m}", calendar.paris_time(day, calendar.RESIDENT_ANNOUNCE_TIME),
             params=params, expires_at=calendar.paris_time(day, calendar.RESIDENT_ANNOUNCE_LATEST))
    schedule(CONFIRM, f"{CONFIRM}:{day:%Y-%m}", calendar.paris_time(day, calendar.RESIDENT_DONE_TIME),
             params=params, expires_at=calendar.paris_time(day, calendar.RESIDENT_DONE_LATEST))


@planner
def plan_runs(now) -> None:
    """Create the runs of this month's and next month's selections, and of every selected wave to come."""
    today = clock.local_today()
    for months_ahead in (1, 2):
        schedule_selection(calendar.add_months(today, months_ahead))
    for wave in Wave.objects.filter(selected_at__isnull=False, switch_on__gte=today - timedelta(days=1)):
        schedule_wave(wave)


@job(SELECT)
def run_selection(run, log) -> None:
    wave = selection.select_wave(_switch_on(run), log=log)
    schedule_wave(wave)


@job(MANAGERS)
def run_manager_notices(run, log) -> None:
    wave = Wave.objects.get(switch_on=_switch_on(run))
    log(f"{communications.send_manager_notices(wave, log=log)} manager e-mails queued")


@job(ANNOUNCE)
def run_announcements(run, log) -> None:
    wave = Wave.objects.get(switch_on=_switch_on(run))
    communications.send_resident_announcements(wave, log=log)


@job(CONFIRM)
def run_confirmation(run, log) -> None:
    wave = Wave.objects.get(switch_on=_switch_on(run))
    for entry in wave.entries.filter(status__in=[Entry.Status.SELECTED, Entry.Status.SWITCHED]).select_related(
            "residence__crous", "wave"):
        if checklist.is_complete(entry.residence):
            log(f"{entry.residence.code}: checklist complete, {communications.send_resident_done(entry)} SMS queued")
        else:
            missing = checklist.missing_steps(entry.residence)
            communications.alert_operators(entry, missing)
            log(f"{entry.residence.code}: {len(missing)} steps left, operators alerted")
