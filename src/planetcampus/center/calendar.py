"""Calendar invitations (RFC 5545) for onboarding calls, in Europe/Paris time.

The event carries its time zone definition (VTIMEZONE with the EU summer
time rule in force since 1996), so calendar clients that do not know the
Olson name still place the call at the right hour.
"""

from datetime import UTC, datetime

from planetcampus.core.clock import PARIS

PRODUCT_ID = "-//PlanetCampus//Onboarding//FR"
PARIS_TIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545, 3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545, 3.1).

    Continuation lines start with one space; a UTF-8 character is never cut.
    """
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not pieces else 74  # the leading space of a continuation counts
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _local(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def invitation(*, uid: str, sequence: int, starts_at: datetime, ends_at: datetime, stamp: datetime, summary: str,
               description: str, organizer_email: str, attendee_email: str, cancelled: bool = False) -> bytes:
    """Return an iCalendar file with one event, as a request or a cancellation."""
    method = "CANCEL" if cancelled else "REQUEST"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT_ID}", "CALSCALE:GREGORIAN", f"METHOD:{method}",
             *PARIS_TIMEZONE,
             "BEGIN:VEVENT",
             f"UID:{uid}",
             f"SEQUENCE:{sequence}",
             f"DTSTAMP:{_utc(stamp)}",
             f"DTSTART;TZID=Europe/Paris:{_local(starts_at)}",
             f"DTEND;TZID=Europe/Paris:{_local(ends_at)}",
             f"SUMMARY:{escape_text(summary)}",
             f"DESCRIPTION:{escape_text(description)}",
             f"ORGANIZER:mailto:{organizer_email}",
             f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{attendee_email}",
             f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
             "TRANSP:OPAQUE",
             "END:VEVENT",
             "END:VCALENDAR"]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
