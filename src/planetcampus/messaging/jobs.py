"""The durable schedule: job kinds, planners, and running due jobs.

An app registers a handler per job kind (`@job("switchover.select")`) and
optionally a planner that creates the coming runs. A run is a Job row with a
unique key, so planning twice never creates two runs. The worker claims due
rows with a conditional UPDATE and runs the handler in one transaction with
the row's "done" mark: a crash mid-run rolls both back and the run starts
again, and handlers only enqueue messages with idempotency keys, so a run
repeated after a crash sends nothing twice.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat

from planetcampus.core import clock
from planetcampus.messaging.models import Job

logger = logging.getLogger(__name__)

HANDLERS: dict[str, Callable] = {}
PLANNERS: list[Callable] = []
LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 5


def job(kind: str):
    """Register `function(job, log)` as the handler of `kind`; `log(text)` appends to the run's log."""

    def register(function):
        HANDLERS[kind] = function
        return function

    return register


def planner(function):
    """Register `function(now)` to create the coming runs; it is called on each worker turn."""
    PLANNERS.append(function)
    return function


def schedule(kind: str, key: str, due_at: datetime, *, params: dict | None = None,
             expires_at: datetime | None = None) -> Job:
    """Create the run named `key` unless it exists; returns the run."""
    existing = Job.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            created = Job.objects.create(kind=kind, key=key, due_at=due_at, expires_at=expires_at,
                                         params=params or {})
    except IntegrityError:
        return Job.objects.get(key=key)
    logger.info("job %s scheduled for %s", key, due_at.isoformat())
    return created


def _appended(text: str):
    # Concat, not "+": PostgreSQL has no "+" for text.
    return Concat(F("log"), Value(text), output_field=TextField())


def run_planners(now: datetime | None = None) -> None:
    now = now or clock.now()
    for function in PLANNERS:
        function(now)


def _claim(run: Job, worker: str) -> bool:
    now = clock.now()
    return Job.objects.filter(pk=run.pk, status=run.status, attempts=run.attempts).update(
        status=Job.Status.RUNNING, claimed_by=worker, lease_until=now + LEASE, started_at=now,
        attempts=F("attempts") + 1,
    ) == 1


def _expire(run: Job) -> None:
    Job.objects.filter(pk=run.pk).update(
        status=Job.Status.EXPIRED, finished_at=clock.now(), lease_until=None,
        log=_appended(f"{clock.local_now():%Y-%m-%d %H:%M} expired: not run before {run.expires_at:%Y-%m-%d %H:%M %Z}\n"),
    )
    logger.warning("job %s expired before it could run (expired at %s)", run.key, run.expires_at)


def run_one(run: Job, worker: str) -> str | None:
    """Claim and run one due job; returns its new status, or None when another worker has it."""
    if run.expires_at and run.expires_at <= clock.now():
        _expire(run)
        return Job.Status.EXPIRED
    if not _claim(run, worker):
        return None
    run.refresh_from_db()
    lines: list[str] = []

    def log(text: str) -> None:
        lines.append(f"{clock.local_now():%Y-%m-%d %H:%M:%S} {text}")

    logger.info("job %s started by %s (attempt %d)", run.key, worker, run.attempts)
    try:
        with transaction.atomic():
            HANDLERS[run.kind](run, log)
            Job.objects.filter(pk=run.pk).update(
                status=Job.Status.DONE, finished_at=clock.now(), lease_until=None,
                log=_appended("".join(f"{line}\n" for line in lines)),
            )
    except Exception as error:  # noqa: BLE001 (any handler error is recorded on the run, then retried)
        logger.exception("job %s failed (attempt %d)", run.key, run.attempts)
        _fail(run, lines, error)
        return Job.Status.FAILED
    logger.info("job %s done", run.key)
    return Job.Status.DONE


def _fail(run: Job, lines: list[str], error: Exception) -> None:
    lines.append(f"{clock.local_now():%Y-%m-%d %H:%M:%S} failed: {error!r}")
    retry = run.attempts < MAX_ATTEMPTS
    Job.objects.filter(pk=run.pk).update(
        status=Job.Status.PENDING if retry else Job.Status.FAILED,
        due_at=clock.now() + timedelta(minutes=2 ** run.attempts) if retry else run.due_at,
        finished_at=None if retry else clock.now(), lease_until=None,
        log=_appended("".join(f"{line}\n" for line in lines)),
    )


def run_due(worker: str, *, limit: int = 20) -> int:
    """Run the due jobs, oldest first, catching up on runs missed while no worker ran."""
    now = clock.now()
    due = Q(status=Job.Status.PENDING, due_at__lte=now) | Q(status=Job.Status.RUNNING, lease_until__lt=now)
    handled = 0
    for run in Job.objects.filter(due).order_by("due_at", "id")[:limit]:
        if run.kind not in HANDLERS:
            logger.error("job %s has no handler for kind %s: left pending", run.key, run.kind)
            continue
        if run_one(run, worker) is not None:
            handled += 1
    return handled
