"""Run the whole platform with demo data on the embedded database.

Each app may have a `demo` module with `load(stdout)` to add its demo data
and `processes()` returning (name, argv) pairs of services to run beside the
web server (FreeRADIUS, the worker). They are found by app, in
INSTALLED_APPS order, so an app plugs into the demo without editing this file.
"""

import importlib
import logging
import signal
import subprocess
import sys
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
            for name, argv in getattr(module, "processes", lambda: [])():
                log = open(log_dir / f"{name}.log", "ab")
                process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
                logger.info("demo service %s started, pid %d, log %s", name, process.pid, log.name)
                self.stdout.write(f"{name}: started (log: {log.name})")
                started.append((name, process))
        return started

    def _stop_processes(self, processes):
        for name, process in processes:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            logger.info("demo service %s stopped", name)
        sys.stdout.flush()
