"""State changes of the portal: redeeming codes, creating accounts, signing in.

Views call these functions; each change runs in one transaction and leaves
an audit event.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planetcampus.aaa.models import Device
from planetcampus.access.codes import normalise_code
from planetcampus.access.models import ConnectionCode, Resident
from planetcampus.access.rights import current_right
from planetcampus.core import audit
from planetcampus.core.clock import now
from planetcampus.portal.handoff import issue_one_time_credentials
from planetcampus.portal.models import PortalVisit

logger = logging.getLogger(__name__)


class CodeRejected(Exception):
    """A connection code that cannot open an account; `message` says why and what to do."""

    def __init__(self, message: str, reason: str, *, counts_as_guess: bool):
        super().__init__(message)
        self.message = message
        self.reason = reason
        # Only unknown and malformed codes count towards the lockout: a
        # student retyping their expired code is not guessing.
        self.counts_as_guess = counts_as_guess


def find_code(raw: str) -> ConnectionCode:
    """Return the usable ConnectionCode typed as `raw`, or raise CodeRejected."""
    try:
        value = normalise_code(raw)
    except ValidationError as error:
        raise CodeRejected(error.messages[0], "format", counts_as_guess=False) from None

    code = ConnectionCode.objects.select_related("residence", "resident").filter(code=value).first()
    if code is None:
        raise CodeRejected(_("This code is unknown. Check it against the letter, e-mail or SMS that gave it to you."),
                           "unknown", counts_as_guess=True)
    check_code_usable(code)
    return code


def check_code_usable(code: ConnectionCode) -> None:
    moment = now()
    if code.revoked_at is not None:
        raise CodeRejected(_("This code was cancelled by the residence. Ask the residence office for a new one."),
                           "revoked", counts_as_guess=False)
    if code.redeemed_at is not None:
        raise CodeRejected(_("This code has already been used to create an account. Sign in with that account's e-mail and password."),
                           "used", counts_as_guess=False)
    if moment < code.valid_from:
        raise CodeRejected(_("This code is not valid yet. Try again from %(date)s.") % {"date": _format_moment(code.valid_from)},
                           "not_yet_valid", counts_as_guess=False)
    if moment >= code.valid_until:
        raise CodeRejected(_("This code expired on %(date)s. Ask the residence office for a new one.") % {"date": _format_moment(code.valid_until)},
                           "expired", counts_as_guess=False)
    if code.resident_id and code.resident.user_id:
        raise CodeRejected(_("This code has already been used to create an account. Sign in with that account's e-mail and password."),
                           "used", counts_as_guess=False)


def _format_moment(moment) -> str:
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@dataclass
class NewAccount:
    first_name: str
    last_name: str
    email: str
    password: str
    language: str


def create_account_with_code(visit: PortalVisit, account: NewAccount):
    """Create the account a connection code opens and redeem the code."""
    User = get_user_model()
    with transaction.atomic():
        code = ConnectionCode.objects.select_for_update(of=("self",)).select_related("resident").get(pk=visit.code_id)
        check_code_usable(code)

        kind = User.Kind.VISITOR if code.kind == ConnectionCode.Kind.VISITOR else User.Kind.RESIDENT
        user = _create_user(account, kind=kind)
        code.redeemed_by = user
        code.redeemed_at = now()
        code.save(update_fields=["redeemed_by", "redeemed_at"])
        if code.resident_id:
            Resident.objects.filter(pk=code.resident_id, user__isnull=True).update(user=user)

        audit.record(user, "portal.account_created", user, crous=code.residence.crous, method="code",
                     code=code.code, kind=code.kind, residence=code.residence.code)
    logger.info("Account %s created with code %s", user.pk, code.pk)
    return user


def create_account_with_sso(visit: PortalVisit, password: str, language: str):
    """Create the account of a student back from the national SSO, with its claims."""
    claims = visit.sso_claims
    account = NewAccount(first_name=claims.get("first_name", ""), last_name=claims.get("last_name", ""),
                         email=claims["email"], password=password, language=language)
    with transaction.atomic():
        user = _create_user(account, kind=get_user_model().Kind.RESIDENT, sso_subject=claims["subject"])
        resident = _unlinked_resident_for(user.email)
        if resident is not None:
            resident.user = user
            resident.save(update_fields=["user"])
        audit.record(user, "portal.account_created", user, crous=resident.residence.crous if resident else None,
                     method="sso", resident=resident.pk if resident else None)
    logger.info("Account %s created from SSO subject", user.pk)
    return user


def _create_user(account: NewAccount, *, kind, sso_subject=""):
    User = get_user_model()
    return User.objects.create_user(
        account.email, account.password, first_name=account.first_name.strip(), last_name=account.last_name.strip(),
        language=account.language, kind=kind, sso_subject=sso_subject,
    )


def _unlinked_resident_for(email: str):
    """The housing record with this e-mail, when exactly one is still without account."""
    matches = list(Resident.objects.select_related("residence__crous").filter(email__iexact=email, user__isnull=True)[:2])
    return matches[0] if len(matches) == 1 else None


@dataclass
class NetworkGrant:
    """The outcome of a sign-in for the network side."""

    allowed: bool
    reason: str = ""
    username: str = ""
    password: str = ""
    session_ends_at: object = None


def grant_network_access(visit: PortalVisit, user, *, method: str) -> NetworkGrant:
    """Record a sign-in on the visit and issue one-time credentials for the gateway."""
    right = current_right(user)
    if not right.active:
        logger.info("Sign-in of user %s refused: %s", user.pk, right.reason)
        return NetworkGrant(False, right.reason)

    moment = now()
    ends = moment + timedelta(seconds=right.session_seconds) if right.session_seconds else None
    if right.valid_until is not None and (ends is None or right.valid_until < ends):
        ends = right.valid_until

    username = password = ""
    with transaction.atomic():
        visit.user = user
        visit.signed_in_at = moment
        visit.session_ends_at = ends
        visit.save(update_fields=["user", "signed_in_at", "session_ends_at"])
        # Credentials only serve a gateway hand-back; a visit without NAS has none.
        if visit.nas_id:
            login, password = issue_one_time_credentials(user, visit=visit, session_seconds=right.session_seconds)
            username = login.username
        audit.record(user, "portal.signed_in", user, method=method, mac=visit.client_mac,
                     nas=visit.nas.identifier if visit.nas else "")
    return NetworkGrant(True, username=username, password=password, session_ends_at=ends)


def known_device_owner(mac: str):
    """Return the account a device with this MAC signed in with before, or None.

    The AAA back end's device list (learned from RADIUS) decides when it
    knows the MAC: a device removed in self-care (reconnect_allowed off)
    stays unknown. The portal's own visits cover devices RADIUS has not
    reported, for example behind an openNDS gateway.
    """
    if not mac:
        return None
    devices = Device.objects.select_related("user").filter(mac=mac)
    if devices.exists():
        device = devices.filter(reconnect_allowed=True).order_by("-last_seen").first()
        return device.user if device else None
    visit = PortalVisit.objects.select_related("user").filter(
        client_mac=mac, user__isnull=False, signed_in_at__isnull=False
    ).order_by("-signed_in_at").first()
    return visit.user if visit else None
