"""The Celery application that sends outbox messages for `planetcampus worker --celery`.

Start Celery workers with
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 celery -A planetcampus.messaging.celery_app worker
or with amqp://guest@127.0.0.1:5672// for RabbitMQ. Results are not kept:
the outbox row is the record.
"""

import os

import django
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planetcampus.settings")
django.setup()

from planetcampus.config import env_str  # noqa: E402 (Django must be set up first)

app = Celery("planetcampus")
app.conf.update(
    broker_url=env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
    # Several deployments (or test runs) may share one broker: each uses its own queue.
    task_default_queue=env_str("CELERY_TASK_QUEUE", "planetcampus"),
    task_ignore_result=True,
    # A task is acknowledged when it starts. If the Celery worker dies
    # mid-send, the row stays "sending" and the planetcampus worker recovers
    # it when its lease runs out, the same path as any other crash.
    task_acks_late=False,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
)
app.autodiscover_tasks(["planetcampus.messaging"])
