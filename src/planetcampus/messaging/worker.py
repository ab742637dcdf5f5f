"""The worker loop: plan the schedule, run due jobs, deliver the outbox.

One process does it all for a small deployment. With `--celery` it hands
each message to a Celery worker over the broker (Redis or RabbitMQ) instead
of sending it itself, and keeps planning, jobs and crash recovery.
"""

import logging
import signal
import time
from datetime import timedelta

from django.db import close_old_connections, connection

from planetcampus.messaging import delivery, jobs

logger = logging.getLogger(__name__)


class Worker:
    def __init__(self, *, interval: float = 5.0, lease: timedelta = delivery.LEASE, use_celery: bool = False,
                 batch: int = 100):
        self.name = delivery.worker_name()
        self.interval = interval
        self.lease = lease
        self.use_celery = use_celery
        self.batch = batch
        self.stopping = False

    def stop(self, signum=None, frame=None):
        logger.info("worker %s stopping after the current step (signal %s)", self.name, signum)
        self.stopping = True

    def turn(self) -> int:
        """Do one round of work; returns how many jobs and messages were handled."""
        # A long-running worker drops connections past CONN_MAX_AGE or broken
        # ones. Inside a transaction (a test's) closing would lose it.
        if not connection.in_atomic_block:
            close_old_connections()
        jobs.run_planners()
        handled = jobs.run_due(self.name)
        if self.use_celery:
            from planetcampus.messaging.tasks import dispatch_due

            handled += dispatch_due(self.name, limit=self.batch, lease=self.lease)
        else:
            handled += delivery.deliver_due(self.name, limit=self.batch, lease=self.lease)
        return handled

    def run(self, *, once: bool = False) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        logger.info("worker %s started (interval %.1fs, lease %ss, celery %s)", self.name, self.interval,
                    int(self.lease.total_seconds()), self.use_celery)
        while not self.stopping:
            handled = self.turn()
            if once:
                break
            if handled < self.batch:
                self._sleep()
        logger.info("worker %s stopped", self.name)

    def _sleep(self):
        deadline = time.monotonic() + self.interval
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, self.interval))
