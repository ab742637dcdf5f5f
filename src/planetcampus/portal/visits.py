"""Opening and finding portal visits (see models.PortalVisit)."""

import logging
import secrets
from datetime import timedelta

from django.utils import translation

from planetcampus.aaa.macs import try_normalise_mac
from planetcampus.core.clock import now
from planetcampus.portal import conf
from planetcampus.portal.models import PortalVisit

logger = logging.getLogger(__name__)

VISIT_PARAMETER = "v"


def open_visit(*, nas=None, vendor="", client_mac="", client_ip=None, ssid="", original_url="",
               gateway_verified=False, gateway=None, language=None) -> PortalVisit:
    moment = now()
    visit = PortalVisit.objects.create(
        key=secrets.token_urlsafe(24),
        created_at=moment,
        expires_at=moment + timedelta(minutes=conf.VISIT_MINUTES),
        language=language or translation.get_language() or "fr",
        nas=nas,
        vendor=vendor or (nas.vendor if nas else ""),
        client_mac=try_normalise_mac(client_mac) or "",
        client_ip=client_ip or None,
        ssid=ssid[:64],
        original_url=original_url,
        gateway_verified=gateway_verified,
        gateway=gateway or {},
    )
    logger.info("Opened portal visit %s (NAS %s, MAC %s)", visit.pk, nas.identifier if nas else "-", visit.client_mac or "-")
    return visit


def find_visit(key: str | None) -> PortalVisit | None:
    """Return the live visit named by `key`, or None when unknown or expired."""
    if not key or len(key) > 43:
        return None
    return PortalVisit.objects.select_related("nas", "code").filter(key=key, expires_at__gt=now()).first()


def visit_from_request(request) -> PortalVisit | None:
    return find_visit(request.POST.get(VISIT_PARAMETER) or request.GET.get(VISIT_PARAMETER))


def visit_or_direct(request) -> PortalVisit:
    """Return the request's visit, or open one without gateway context.

    A student who opens the portal from a browser already online has no
    gateway parameters, but the code and SSO paths still need somewhere to
    keep their progress server-side.
    """
    return visit_from_request(request) or open_visit(client_ip=request.META.get("REMOTE_ADDR"))
