"""`planetcampus eduroam config|reload|ingest|purge|probe|secret`: run the eduroam service provider."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planetcampus.aaa.secrets import set_secret
from planetcampus.eduroam import conf
from planetcampus.eduroam.models import FederationProxy
from planetcampus.eduroam.probe import probe_all
from planetcampus.eduroam.radiusconf import MissingSecret, render_fragments
from planetcampus.eduroam.reload import ReloadFailed, reload_freeradius
from planetcampus.eduroam.retention import ingest_spool, purge_expired
from planetcampus.eduroam.standalone import render_standalone


class Command(BaseCommand):
    help = "Generate the eduroam FreeRADIUS configuration, reload it, ingest spooled logs, purge old logs."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)

        config = actions.add_parser("config", help="Write the eduroam fragments into a FreeRADIUS directory.")
        config.add_argument("--dir", type=Path, default=conf.RADIUS_CONFIG_DIR,
                            help="FreeRADIUS configuration directory (default EDUROAM_RADIUS_CONFIG_DIR).")
        config.add_argument("--api-url", default=conf.RADIUS_API_URL,
                            help="Platform base URL FreeRADIUS posts logs to (default EDUROAM_RADIUS_API_URL).")
        config.add_argument("--standalone", action="store_true",
                            help="Also write radiusd.conf, to run eduroam in a FreeRADIUS of its own.")

        reload = actions.add_parser("reload", help="Write the fragments again and send FreeRADIUS a SIGHUP "
                                                   "(or run EDUROAM_RADIUS_RESTART_COMMAND when needed).")
        reload.add_argument("--dir", type=Path, default=conf.RADIUS_CONFIG_DIR)
        reload.add_argument("--pid-file", type=Path, default=None,
                            help="FreeRADIUS pid file (default EDUROAM_RADIUS_PID_FILE).")

        ingest = actions.add_parser("ingest", help="Store the records FreeRADIUS spooled while the platform "
                                                   "was unreachable. Run it every few minutes.")
        ingest.add_argument("--dir", type=Path, default=conf.RADIUS_CONFIG_DIR)

        actions.add_parser("purge", help="Delete authentication records older than CONNECTION_LOG_RETENTION_DAYS. "
                                         "Run it daily.")

        actions.add_parser("probe", help="Send Status-Server to every federation proxy and store the results.")

        secret = actions.add_parser("secret", help="Store a federation proxy's shared secret, read from stdin.")
        secret.add_argument("proxy", help="Name of the federation proxy.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except (MissingSecret, ReloadFailed, ValueError) as error:
            raise CommandError(str(error)) from None

    def _config(self, *, dir, api_url, standalone, **options):
        conf.check()
        if standalone:
            written = render_standalone(dir, api_url=api_url, listen_address=conf.LISTEN_ADDRESS)
        else:
            written = render_fragments(dir, api_url=api_url)
        for path in written:
            self.stdout.write(str(path))

    def _reload(self, *, dir, pid_file, **options):
        conf.check()
        action = reload_freeradius(dir, pid_file=pid_file or dir / "run" / "freeradius.pid")
        self.stdout.write(self.style.SUCCESS(f"FreeRADIUS reloaded ({action})."))

    def _ingest(self, *, dir, **options):
        counts = ingest_spool(dir)
        self.stdout.write(f"{counts['stored']} stored, {counts['duplicates']} already stored, "
                          f"{counts['invalid']} invalid.")

    def _purge(self, **options):
        self.stdout.write(f"{purge_expired()} authentication records deleted.")

    def _probe(self, **options):
        failed = 0
        for proxy, result in probe_all():
            if result.ok:
                self.stdout.write(f"{proxy.name} ({proxy.host}:{proxy.port}): answered in {result.milliseconds} ms")
            else:
                failed += 1
                self.stdout.write(f"{proxy.name} ({proxy.host}:{proxy.port}): {result.error}")
        if failed:
            raise CommandError(f"Federation proxies without an answer: {failed}.")

    def _secret(self, *, proxy, **options):
        try:
            federation_proxy = FederationProxy.objects.get(name=proxy)
        except FederationProxy.DoesNotExist:
            raise CommandError(f"No federation proxy named {proxy!r}: add it in the back office first.") from None
        value = sys.stdin.readline().strip()
        set_secret(federation_proxy.secret_ref, value)
        self.stdout.write(self.style.SUCCESS(f"Secret of {proxy} stored under {federation_proxy.secret_ref}."))
