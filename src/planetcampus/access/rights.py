"""Whether an account may use the network now, and on what terms.

The portal, the AAA back end, self-care and the center all ask this one
function, so a revoked code or a departure is refused everywhere at once.

Rules:
- a disabled account has no right;
- a visitor's right comes from the visitor code they redeemed: inside its
  validity window and not revoked, with the code's device count and
  session length;
- a resident account (created with a resident code or the national student
  account) has a right until the departure date of its housing record, if
  it has one, through the end of that day in Europe/Paris;
- staff accounts have no network right of their own.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from planetcampus.core.clock import PARIS, local_today, now

RESIDENT_MAX_DEVICES = 8
RESIDENT_SESSION_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Right:
    active: bool
    reason: str = ""
    valid_until: datetime | None = None
    max_devices: int = 0
    session_seconds: int = 0
    residence_id: int | None = None

    @property
    def last_day(self):
        """Return the last Paris date the right covers (valid_until is exclusive)."""
        if self.valid_until is None:
            return None
        return (self.valid_until - timedelta(microseconds=1)).astimezone(PARIS).date()

    @property
    def seconds_remaining(self) -> int | None:
        if self.valid_until is None:
            return None
        return max(0, int((self.valid_until - now()).total_seconds()))


def current_right(user) -> Right:
    if user is None or not user.is_active:
        return Right(False, str(_("This account is disabled.")))
    if user.kind == user.Kind.VISITOR:
        return _visitor_right(user)
    if user.kind == user.Kind.RESIDENT:
        return _resident_right(user)
    return Right(False, str(_("Staff accounts have no network access of their own.")))


def _visitor_right(user) -> Right:
    code = user.connection_codes.filter(kind="visitor").order_by("-valid_until").first()
    if code is None:
        return Right(False, str(_("No visitor code is linked to this account.")))
    if code.revoked_at is not None:
        return Right(False, str(_("The visitor code was revoked.")))
    moment = now()
    if moment < code.valid_from:
        return Right(False, str(_("The visitor code is not valid yet.")))
    if moment >= code.valid_until:
        return Right(False, str(_("The visitor code has expired.")))
    return Right(True, valid_until=code.valid_until, max_devices=code.max_devices,
                 session_seconds=code.session_seconds, residence_id=code.residence_id)


def _resident_right(user) -> Right:
    resident = getattr(user, "resident", None)
    if resident is None:
        return Right(True, max_devices=RESIDENT_MAX_DEVICES, session_seconds=RESIDENT_SESSION_SECONDS)
    if resident.departure_on is not None and resident.departure_on < local_today():
        return Right(False, str(_("Your stay in the residence has ended.")))
    valid_until = None
    if resident.departure_on is not None:
        end_of_day = datetime.combine(resident.departure_on + timedelta(days=1), time.min, tzinfo=PARIS)
        valid_until = end_of_day
    return Right(True, valid_until=valid_until, max_devices=RESIDENT_MAX_DEVICES,
                 session_seconds=RESIDENT_SESSION_SECONDS, residence_id=resident.residence_id)
