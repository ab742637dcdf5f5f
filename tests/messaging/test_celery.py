"""Sending handed to Celery workers over a real broker (Redis, then RabbitMQ), both on 127.0.0.1."""

import os
import signal
import socket
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.messaging.processes import Commands, ProcessDatabase, wait_until
from tests.support.services import in_ci

CELERY = str(Path(sys.executable).parent / "celery")
SIZE = 10
ENQUEUE = f"""
from planetcampus.messaging.outbox import enqueue_email, enqueue_sms
for number in range({SIZE}):
    enqueue_email(f"resident{{number}}@etu.test", "Bascule", "Bonjour", key=f"celery:e:{{number}}")
    enqueue_sms(f"+336123456{{number:02d}}", "Bascule", key=f"celery:s:{{number}}")
"""


def broker_or_skip(port: int, name: str):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        message = f"{name} is not listening on 127.0.0.1:{port}: start it to test the Celery hand-off."
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize(("broker_url", "port", "name"), [
    ("redis://127.0.0.1:6379/0", 6379, "Redis"),
    ("amqp://guest:guest@127.0.0.1:5672//", 5672, "RabbitMQ"),
])
def test_celery_workers_send_each_message_once(broker_url, port, name, tmp_path, smtp_server, sms_gateway):
    broker_or_skip(port, name)
    database = ProcessDatabase(tmp_path)
    database.create()
    env = {**os.environ, "DATABASE_URL": database.url, "DJANGO_ENV": "test", "PLANETCAMPUS_DATA_DIR": str(tmp_path),
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "SMS_BACKEND": "http",
           "SMS_HTTP_URL": sms_gateway.url, "SMS_HTTP_TOKEN": sms_gateway.token,
           "CELERY_BROKER_URL": broker_url, "CELERY_TASK_QUEUE": f"pc-test-{uuid.uuid4().hex[:8]}"}
    (tmp_path / "logs").mkdir()
    commands = Commands(env, tmp_path / "logs")
    try:
        commands.run("migrate", "-v0", timeout=300)
        commands.shell(ENQUEUE)
        celery = commands.start_program(CELERY, "-A", "planetcampus.messaging.celery_app", "worker", "--pool", "solo",
                                        "-Q", env["CELERY_TASK_QUEUE"], "--without-gossip", "--without-mingle",
                                        "--loglevel", "INFO", name="celery")
        commands.start("worker", "--celery", "--interval", "0.2", name="dispatcher")
        wait_until(lambda: smtp_server.recorder.count() >= SIZE and len(sms_gateway.ids()) >= SIZE, timeout=120,
                   message=f"{SIZE} e-mails and SMS through {name}\n{commands.logs()}")
        time.sleep(2)
    finally:
        commands.stop_all()
        database.drop()

    assert smtp_server.recorder.count() == SIZE
    assert len(sms_gateway.ids()) == SIZE
    assert "sent to" in commands.logs()
    assert "by Celery" in commands.logs()
    assert celery.returncode in (0, -signal.SIGTERM)
