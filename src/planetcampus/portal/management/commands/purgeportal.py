"""Delete portal records past their use: visits after the legal retention, spent credentials."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from planetcampus.core.clock import now
from planetcampus.portal.models import PortalLogin, PortalVisit

logger = logging.getLogger(__name__)

# One-time credentials serve within minutes; a day leaves room to
# investigate a failed hand-back.
LOGIN_KEEP = timedelta(days=1)


class Command(BaseCommand):
    help = ("Delete portal visits older than CONNECTION_LOG_RETENTION_DAYS (they contain client MAC, IP and account) "
            "and one-time credentials older than a day. Run daily.")

    def handle(self, *args, **options):
        moment = now()
        with transaction.atomic():
            logins, _ = PortalLogin.objects.filter(created_at__lt=moment - LOGIN_KEEP).delete()
            cutoff = moment - timedelta(days=settings.CONNECTION_LOG_RETENTION_DAYS)
            visits, _ = PortalVisit.objects.filter(created_at__lt=cutoff).delete()
        logger.info("Portal purge: %d visits before %s and %d one-time credentials deleted", visits, cutoff.date(), logins)
        self.stdout.write(f"Deleted {visits} portal visits and {logins} one-time credentials.")
