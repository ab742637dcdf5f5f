"""Run `planetcampus` commands in child processes against a database of their own.

The pytest database lives inside the test process (SQLite in memory, or a
transaction on PostgreSQL), where a child process cannot see it. These tests
create a database file, or a PostgreSQL database when DATABASE_URL points
at one, and migrate it.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg

PLANETCAMPUS = str(Path(sys.executable).parent / "planetcampus")


class ProcessDatabase:
    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        base_url = os.environ.get("DATABASE_URL", "")
        self.postgres = base_url.startswith("postgres")
        if self.postgres:
            self.server_url = base_url.rsplit("/", 1)[0]
            self.name = f"pc_messaging_proc_{uuid.uuid4().hex[:10]}"
            self.url = f"{self.server_url}/{self.name}"
        else:
            self.url = f"sqlite:///{tmp_path / 'process.sqlite3'}"

    def create(self):
        if self.postgres:
            with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if self.postgres:
            with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Commands:
    """Start and run planetcampus commands with one environment."""

    def __init__(self, env: dict, log_dir: Path):
        self.env = env
        self.log_dir = log_dir
        self.started = []

    def run(self, *args, timeout=120) -> str:
        result = subprocess.run([PLANETCAMPUS, *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"planetcampus {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def shell(self, code: str) -> str:
        return self.run("shell", "-c", code)

    def start(self, *args, name="worker") -> subprocess.Popen:
        return self.start_program(PLANETCAMPUS, *args, name=name)

    def start_program(self, program, *args, name) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}-{len(self.started)}.log", "wb")
        process = subprocess.Popen([program, *args], env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.started.append(process)
        return process

    def stop_all(self):
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.log_dir.glob("*.log")))


def wait_until(condition, timeout=60.0, interval=0.05, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")
