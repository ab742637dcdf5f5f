"""One-time credentials: how a portal sign-in reaches RADIUS.

After a sign-in the portal hands the gateway a user name and a password
that exist only for this login. The gateway puts them in a captive
Access-Request; the AAA back end calls `verify_one_time_credentials`,
which accepts each pair once, for the client MAC and NAS it was made for.
Single sign-on has no password to relay, so this is the only path for it
(the pattern of openwisp-radius tokens and Entr'ouvert U-Auth).
"""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.db import transaction

from planetcampus.aaa.macs import try_normalise_mac
from planetcampus.core.clock import now
from planetcampus.portal.models import PortalLogin

logger = logging.getLogger(__name__)

USERNAME_PREFIX = "pc-"
# 16 characters from 62 symbols carry 95 bits. CoovaChilli's PAP encoding
# XORs the password with one 16-byte MD5 block, so 16 is also the longest
# password every UAM gateway relays unchanged.
PASSWORD_LENGTH = 16
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# The gateway sends the Access-Request within seconds of the redirect; two
# minutes leave room for a slow phone without keeping the secret alive.
LIFETIME = timedelta(minutes=2)


def _digest(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


def issue_one_time_credentials(user, *, visit=None, session_seconds: int = 0) -> tuple[PortalLogin, str]:
    """Create a PortalLogin for `user` and return it with its clear password.

    The clear password is returned once, to be sent to the gateway, and is
    never stored.
    """
    password = "".join(secrets.choice(_ALPHABET) for _ in range(PASSWORD_LENGTH))
    moment = now()
    login = PortalLogin.objects.create(
        user=user,
        visit=visit,
        username=USERNAME_PREFIX + secrets.token_hex(6),
        password_hash=_digest(password),
        client_mac=(visit.client_mac if visit else ""),
        nas=(visit.nas if visit else None),
        ssid=(visit.ssid if visit else ""),
        session_seconds=session_seconds,
        created_at=moment,
        expires_at=moment + LIFETIME,
    )
    logger.info("Issued one-time credentials %s for user %s, MAC %s", login.username, user.pk, login.client_mac or "-")
    return login, password


def verify_one_time_credentials(username: str, password: str, *, calling_station_id: str, nas) -> PortalLogin | None:
    """Return the matching PortalLogin and mark it used, or None.

    Rejected: unknown user name, wrong password, already used, expired, a
    Calling-Station-Id that is not the client MAC the login was made for, or
    another NAS than the one that redirected the client.
    """
    if not username.startswith(USERNAME_PREFIX):
        return None

    with transaction.atomic():
        login = PortalLogin.objects.select_for_update().filter(username=username).first()
        reason = _rejection_reason(login, password, calling_station_id, nas)
        if reason:
            logger.info("Rejected one-time credentials %s: %s", username, reason)
            return None

        login.used_at = now()
        login.save(update_fields=["used_at"])

    logger.info("Accepted one-time credentials %s for user %s", username, login.user_id)
    return login


def _rejection_reason(login, password, calling_station_id, nas) -> str:
    if login is None:
        return "unknown user name"
    if not hmac.compare_digest(login.password_hash, _digest(password or "")):
        return "wrong password"
    if login.used_at is not None:
        return "already used"
    if login.expires_at <= now():
        return "expired"

    mac = try_normalise_mac(calling_station_id)
    if login.client_mac and mac != login.client_mac:
        return f"Calling-Station-Id {calling_station_id!r} is not {login.client_mac}"
    if login.nas_id and nas is not None and getattr(nas, "pk", None) != login.nas_id:
        return f"NAS {getattr(nas, 'identifier', nas)!r} did not redirect this client"
    return ""
