"""Periodic work of the center: `planetcampus center departures`."""

import logging

from django.core.management.base import BaseCommand

from planetcampus.center.services.residents import process_departures

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Center jobs. 'departures' ends the sessions and private WiFi of residents whose departure day is over."

    def add_arguments(self, parser):
        parser.add_argument("job", choices=["departures"], help="The job to run.")

    def handle(self, *args, job, **options):
        logger.info("center %s started", job)
        done = process_departures()
        logger.info("center %s finished: %d resident(s) processed", job, done)
        self.stdout.write(f"{done} departure(s) processed.")
