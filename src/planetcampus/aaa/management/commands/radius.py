"""`planetcampus radius config|run|clients|close-silent|purge|export`.

config   writes the FreeRADIUS configuration (var/radius by default) from
         the templates and the NAS inventory, one secret per NAS;
run      writes it, then runs /usr/sbin/freeradius -f -d DIR in the foreground;
clients  lists the NAS FreeRADIUS will accept (never the secrets);
close-silent  closes sessions with no accounting for --seconds;
purge    deletes connection logs older than CONNECTION_LOG_RETENTION_DAYS;
export   writes the connection logs for a lawful request, and logs the export.
"""

import os
import sys
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from planetcampus.core.clock import PARIS


def _moment(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date and time (for example 2026-03-01T20:00).") from error
    return value if value.tzinfo else value.replace(tzinfo=PARIS)


class Command(BaseCommand):
    help = "FreeRADIUS configuration, run, connection-log retention and lawful-request export."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("config", "run"):
            command = sub.add_parser(name)
            command.add_argument("--dir", type=Path, default=Path(settings.DATA_DIR) / "radius")
            command.add_argument("--api-url", default=getattr(settings, "RADIUS_API_URL", "http://127.0.0.1:8000/radius"))
            command.add_argument("--address", default="127.0.0.1", help="Address FreeRADIUS listens on.")
            command.add_argument("--auth-port", type=int, default=getattr(settings, "RADIUS_AUTH_PORT", 1812))
            command.add_argument("--acct-port", type=int, default=getattr(settings, "RADIUS_ACCT_PORT", 1813))
            command.add_argument("--reject-delay", type=int, default=1)
        sub.add_parser("clients")
        silent = sub.add_parser("close-silent")
        silent.add_argument("--seconds", type=int, default=getattr(settings, "RADIUS_SESSION_SILENCE_SECONDS", 3 * 3600))
        purge = sub.add_parser("purge")
        purge.add_argument("--days", type=int, default=None)
        export = sub.add_parser("export")
        export.add_argument("--from", dest="start", required=True)
        export.add_argument("--to", dest="end", required=True)
        export.add_argument("--mac", default="")
        export.add_argument("--ip", default="")
        export.add_argument("--account", default="")
        export.add_argument("--reference", required=True, help="The requisition's number.")
        export.add_argument("--by", default="", help="E-mail of the staff member making the export.")
        export.add_argument("--output", type=Path, required=True)

    def handle(self, *args, action, **options):
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _layout(self, options):
        from planetcampus.aaa.radius_config import Layout

        return Layout(directory=options["dir"].resolve(), api_url=options["api_url"], listen_address=options["address"],
                      auth_port=options["auth_port"], acct_port=options["acct_port"],
                      reject_delay=options["reject_delay"])

    def _config(self, **options):
        from planetcampus.aaa.radius_config import clients_from_inventory, write_config

        layout = self._layout(options)
        clients = clients_from_inventory()
        write_config(layout, clients)
        self.stdout.write(f"FreeRADIUS configuration in {layout.directory} for {len(clients)} NAS; "
                          f"auth {layout.listen_address}:{layout.auth_port}, acct {layout.listen_address}:{layout.acct_port}, "
                          f"platform {layout.api_url}")
        return layout

    def _run(self, **options):
        from planetcampus.aaa.radius_config import FREERADIUS

        layout = self._config(**options)
        sys.stdout.flush()
        os.execv(FREERADIUS, [FREERADIUS, "-f", "-d", str(layout.directory)])

    def _clients(self, **options):
        from planetcampus.estate.models import Nas

        for nas in Nas.objects.select_related("residence").order_by("identifier"):
            state = "active" if nas.active else "inactive"
            self.stdout.write(f"{nas.identifier}\t{nas.ip_address}\t{nas.vendor}\t{nas.residence.code}\t{state}")

    def _close_silent(self, seconds, **options):
        from planetcampus.aaa.accounting import close_silent_sessions

        self.stdout.write(f"{close_silent_sessions(seconds)} session(s) closed")

    def _purge(self, days, **options):
        from planetcampus.aaa.retention import purge

        counts = purge(retention_days=days)
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))

    def _export(self, start, end, mac, ip, account, reference, by, output, **options):
        from planetcampus.aaa.retention import export
        from planetcampus.accounts.models import User

        actor = User.objects.filter(email__iexact=by).first() if by else None
        if by and actor is None:
            raise CommandError(f"No account with the e-mail {by!r}.")
        try:
            record, content = export(_moment(start), _moment(end), reference=reference, actor=actor,
                                     mac=mac, ip=ip, account=account)
        except ValueError as error:
            raise CommandError(str(error)) from error
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        self.stdout.write(f"{record.rows} session(s) written to {output} (export {record.pk}, SHA-256 {record.sha256})")
