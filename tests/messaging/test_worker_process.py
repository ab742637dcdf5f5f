"""The worker as a real process: SIGKILL mid-campaign, restart, and count at the servers."""

import os
import signal
import time

import pytest

from tests.messaging.processes import Commands, ProcessDatabase, wait_until

CAMPAIGN_SIZE = 30
ENQUEUE = f"""
from planetcampus.messaging.outbox import enqueue_email, enqueue_sms
for number in range({CAMPAIGN_SIZE}):
    enqueue_email(f"resident{{number}}@etu.test", f"Bascule {{number}}", "Bonjour", key=f"campaign:e:{{number}}",
                  attachments=[("liste.csv", b"a;b\\n", "text/csv")])
for number in range({CAMPAIGN_SIZE}):
    enqueue_sms(f"+336123456{{number:02d}}", f"Bascule {{number}}", key=f"campaign:s:{{number}}")
"""
STATUSES = """
from collections import Counter
from planetcampus.messaging.models import Message
print(dict(Counter(Message.objects.values_list("status", flat=True))))
"""


@pytest.fixture
def commands(tmp_path, smtp_server, sms_gateway):
    database = ProcessDatabase(tmp_path)
    database.create()
    env = {**os.environ, "DATABASE_URL": database.url, "DJANGO_ENV": "test", "PLANETCAMPUS_DATA_DIR": str(tmp_path),
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "SMS_BACKEND": "http",
           "SMS_HTTP_URL": sms_gateway.url, "SMS_HTTP_TOKEN": sms_gateway.token, "LOG_LEVEL": "INFO"}
    (tmp_path / "logs").mkdir()
    runner = Commands(env, tmp_path / "logs")
    runner.run("migrate", "-v0", timeout=300)
    runner.shell(ENQUEUE)
    yield runner
    runner.stop_all()
    database.drop()


WORKER = ("worker", "--interval", "0.1", "--lease", "2")


class KillOnce:
    """Kill the running worker with SIGKILL when a server sees its n-th request."""

    def __init__(self, at: int):
        self.at = at
        self.seen = 0
        self.process = None
        self.fired = False

    def __call__(self, _value):
        self.seen += 1
        if self.seen == self.at and not self.fired:
            self.fired = True
            os.kill(self.process.pid, signal.SIGKILL)


def test_sigkill_mid_campaign_sends_each_message_once(commands, smtp_server, sms_gateway):
    kill_during_email = KillOnce(at=10)
    kill_during_sms = KillOnce(at=10)
    # The first kill lands mid-SMTP-transaction (after RCPT, before DATA); the
    # second lands after the gateway accepted an SMS and before the worker
    # could record it, the worst moment for an at-least-once sender.
    smtp_server.recorder.before_rcpt = kill_during_email
    sms_gateway.after_accept = kill_during_sms

    kill_during_email.process = commands.start(*WORKER)
    wait_until(lambda: kill_during_email.process.poll() is not None, message="first worker killed")
    assert kill_during_email.process.returncode == -signal.SIGKILL

    kill_during_sms.process = commands.start(*WORKER)
    wait_until(lambda: kill_during_sms.process.poll() is not None, message="second worker killed")
    assert kill_during_sms.process.returncode == -signal.SIGKILL

    last = commands.start(*WORKER)
    wait_until(lambda: smtp_server.recorder.count() >= CAMPAIGN_SIZE and len(sms_gateway.ids()) >= CAMPAIGN_SIZE,
               message=f"{CAMPAIGN_SIZE} e-mails and SMS\n{commands.logs()}")
    time.sleep(3)  # longer than the lease: a duplicate would have been sent by now
    last.send_signal(signal.SIGTERM)
    assert last.wait(timeout=10) == 0

    message_ids = smtp_server.recorder.message_ids()
    assert len(message_ids) == CAMPAIGN_SIZE
    assert len(set(message_ids)) == CAMPAIGN_SIZE
    assert len(sms_gateway.ids()) == CAMPAIGN_SIZE
    assert len(set(sms_gateway.ids())) == CAMPAIGN_SIZE
    assert commands.shell(STATUSES).strip().splitlines()[-1] == "{'sent': %d}" % (2 * CAMPAIGN_SIZE)
    assert "was accepted before a crash" in commands.logs()


def test_sigkill_at_random_moment_repeats_no_sms(commands, smtp_server, sms_gateway):
    worker = commands.start(*WORKER)
    wait_until(lambda: smtp_server.recorder.count() >= CAMPAIGN_SIZE // 3, message="a third of the e-mails")
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    commands.start(*WORKER)
    wait_until(lambda: len(sms_gateway.ids()) >= CAMPAIGN_SIZE // 2, message="half of the SMS")
    commands.started[-1].send_signal(signal.SIGKILL)
    commands.started[-1].wait()

    commands.start(*WORKER)
    wait_until(lambda: len(set(smtp_server.recorder.message_ids())) >= CAMPAIGN_SIZE
               and len(sms_gateway.ids()) >= CAMPAIGN_SIZE, message=f"the whole campaign\n{commands.logs()}")
    time.sleep(3)

    assert sorted(sms_gateway.ids()) == sorted(set(sms_gateway.ids()))
    assert len(sms_gateway.ids()) == CAMPAIGN_SIZE
    # SMTP cannot be asked whether it kept a message, so a kill between the
    # server's "250" and our commit sends that one e-mail again, with the
    # same Message-ID. At most the one e-mail in flight is repeated.
    message_ids = smtp_server.recorder.message_ids()
    assert len(set(message_ids)) == CAMPAIGN_SIZE
    assert len(message_ids) - CAMPAIGN_SIZE <= 1
