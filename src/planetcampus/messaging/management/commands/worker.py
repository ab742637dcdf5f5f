from datetime import timedelta

from django.core.management.base import BaseCommand

from planetcampus.messaging.worker import Worker


class Command(BaseCommand):
    help = "Run the scheduled jobs and deliver the e-mail and SMS outbox until stopped (SIGTERM)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Do one round of work and exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds when idle.")
        parser.add_argument("--lease", type=float, default=300.0,
                            help="Seconds a claimed message or job stays with this worker before another "
                                 "worker may recover it.")
        parser.add_argument("--batch", type=int, default=100, help="Messages handled per round.")
        parser.add_argument("--celery", action="store_true",
                            help="Hand the sending to Celery workers over CELERY_BROKER_URL.")

    def handle(self, *args, once, interval, lease, batch, celery, **options):
        worker = Worker(interval=interval, lease=timedelta(seconds=lease), use_celery=celery, batch=batch)
        worker.run(once=once)
