"""State changes of the AAA back end that other apps call.

Disconnect and CoA requests go out synchronously with a short timeout and
a few retries (settings RADIUS_DYNAUTH_TIMEOUT, RADIUS_DYNAUTH_ATTEMPTS);
the session itself is closed by the NAS's Accounting Stop, or by the
silence rule if that Stop never comes.
"""

import logging

from planetcampus.aaa import dynauth, reauth_cache
from planetcampus.aaa.models import AccountingSession, DynamicAuthorization

logger = logging.getLogger(__name__)


def open_sessions():
    return AccountingSession.objects.filter(stopped_at__isnull=True, nas__isnull=False).select_related("nas")


def disconnect_sessions(queryset, *, reason: str) -> int:
    """Send a Disconnect-Request for each open session; return how many were sent."""
    sent = 0
    for session in queryset.filter(stopped_at__isnull=True, nas__isnull=False).select_related("nas"):
        record = dynauth.send(session.nas, DynamicAuthorization.Kind.DISCONNECT,
                              dynauth.session_identity(session), reason=reason, session=session)
        if record.outcome != DynamicAuthorization.Outcome.ERROR:
            sent += 1
    logger.info("disconnect requested for %d session(s): %s", sent, reason)
    return sent


def disconnect_user(user, *, reason: str) -> int:
    # A cached MAC re-authentication must not let the device straight back in.
    reauth_cache.evict_user(user)
    return disconnect_sessions(AccountingSession.objects.filter(user=user), reason=reason)


def disconnect_device(device, *, reason: str) -> int:
    reauth_cache.evict_device(device)
    return disconnect_sessions(AccountingSession.objects.filter(device=device), reason=reason)


def change_sessions(queryset, attributes: dict, *, reason: str) -> int:
    """Send a CoA-Request with new session attributes (offer changed, key reset)."""
    sent = 0
    for session in queryset.filter(stopped_at__isnull=True, nas__isnull=False).select_related("nas"):
        payload = {**dynauth.session_identity(session), **attributes}
        record = dynauth.send(session.nas, DynamicAuthorization.Kind.COA, payload, reason=reason, session=session)
        if record.outcome != DynamicAuthorization.Outcome.ERROR:
            sent += 1
    logger.info("CoA requested for %d session(s): %s", sent, reason)
    return sent
