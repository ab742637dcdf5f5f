"""Run the whole platform with demo data on the embedded database.

Each app may have a `demo` module with `load(stdout)` to add its demo data
and `processes()` returning (name, argv) pairs of services to run beside the
web server (FreeRADIUS, the worker). They are found by app, in
INSTALLED_APPS order, so an app plugs into the demo without editing this file.
"""

import importlib
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Load demo data and run the web platform with its services (http://127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="HTTP port of the web platform.")
        parser.add_argument("--load-only", action="store_true", help="Load the demo data and exit.")

    def handle(self, *args, port, load_only, **options):
        # Apps' demo modules read the port when imported, to point FreeRADIUS
        # at this web server; links in e-mails and flyers use it too.
        os.environ["PLANETCAMPUS_DEMO_PORT"] = str(port)
        if not os.environ.get("PUBLIC_BASE_URL"):
            settings.PUBLIC_BASE_URL = f"http://127.0.0.1:{port}"
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        modules = self._demo_modules()
        for module in modules:
            if hasattr(module, "load"):
                module.load(self.stdout)
        if load_only:
            return

        processes = self._start_processes(modules)
        self.stdout.write(self.style.SUCCESS(f"Web platform: http://127.0.0.1:{port}/fr/operator/"))
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            self._stop_processes(processes)

    def _demo_modules(self):
        modules = []
        for config in apps.get_app_configs():
            if not config.name.startswith("planetcampus."):
                continue
            try:
                modules.append(importlib.import_module(f"{config.name}.demo"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
        return modules

    def _start_processes(self, modules):
        started = []
        log_dir = Path(settings.DATA_DIR) / "log"
        log_dir.mkdir(parents=True, exist_ok=True)
        for module in modules:
            for name, argv in getattr(module, "processes", list)():
                log = open(log_dir / f"{name}.log", "ab")
                process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
                logger.info("demo service %s started, pid %d, log %s", name, process.pid, log.name)
                started.append((name, process, log.name))
        # A service that exits at once (a port in use, a bad configuration)
        # is reported here rather than left as a silent defunct process.
        time.sleep(2)
        for name, process, log_name in started:
            if process.poll() is None:
                self.stdout.write(f"{name}: running, pid {process.pid} (log: {log_name})")
            else:
                logger.error("demo service %s exited with status %s, see %s", name, process.returncode, log_name)
                self.stdout.write(self.style.ERROR(f"{name}: exited with status {process.returncode}; see {log_name}"))
        return [(name, process) for name, process, _log in started]

    def _stop_processes(self, processes):
        for name, process in processes:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            logger.info("demo service %s stopped", name)
        sys.stdout.flush()
