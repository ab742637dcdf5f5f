"""Which outer identities we proxy to the eduroam federation.

The outer identity (User-Name) is all a service provider sees of an
eduroam user: the federation routes on its realm, the part after "@".
Identities that cannot be routed are rejected here, without bothering the
federation. The same rules run twice: in Python (`reject_reason`, used by
the pages and the tests) and in FreeRADIUS, as the unlang policy built by
`unlang_policy` from the table below, so the two cannot drift apart.
"""

import re
from dataclasses import dataclass

from django.utils import translation

from planetcampus.eduroam import conf
from planetcampus.eduroam.models import Authentication

Reason = Authentication.Reason

# RADIUS attributes hold at most 253 octets (RFC 2865 section 5).
MAX_LENGTH = 253

# A realm is a domain name: dot-separated labels of letters, digits and
# inner hyphens, ending in an alphabetic or punycode top-level domain.
_LABEL = "[a-z0-9]([a-z0-9-]*[a-z0-9])?"
_TLD = "([a-z]{2,63}|xn--[a-z0-9-]{1,59})"
REALM_PATTERN = rf"({_LABEL}\.)+{_TLD}"


@dataclass(frozen=True)
class Rule:
    reason: str
    # POSIX extended regular expression over the whole User-Name, case
    # insensitive, that matches the identities this rule rejects. FreeRADIUS
    # and Python's re both read this subset the same way.
    pattern: str
    negate: bool = False


def _rules(rejected_realms: list[str]) -> list[Rule]:
    suffixes = "|".join(re.escape(realm) for realm in rejected_realms) or "$^"
    return [
        Rule(Reason.INVALID_CHARACTERS, r"[[:space:][:cntrl:]]"),
        Rule(Reason.MISSING_REALM, "@", negate=True),
        Rule(Reason.SEVERAL_AT_SIGNS, "@.*@"),
        Rule(Reason.EMPTY_USER_PART, "^@"),
        Rule(Reason.REALM_WITHOUT_DOT, r"@.*\.", negate=True),
        Rule(Reason.INVALID_REALM, f"@{REALM_PATTERN}$", negate=True),
        Rule(Reason.REJECTED_REALM, rf"[@.]({suffixes})$"),
    ]


def _python_pattern(posix: str) -> re.Pattern:
    translated = posix.replace("[[:space:][:cntrl:]]", r"[\s\x00-\x1f\x7f]")
    return re.compile(translated, re.IGNORECASE)


def reject_reason(identity: str | None, *, rejected_realms: list[str] | None = None) -> str | None:
    """Return why an outer identity is rejected locally, or None to proxy it."""
    if not identity:
        return Reason.MISSING_IDENTITY
    if len(identity.encode()) > MAX_LENGTH:
        return Reason.TOO_LONG

    for rule in _rules(conf.REJECTED_REALMS if rejected_realms is None else rejected_realms):
        matched = _python_pattern(rule.pattern).search(identity) is not None
        if matched != rule.negate:
            return rule.reason
    return None


def realm_of(identity: str) -> str:
    """Return the lower-cased part after the last "@", or "" without one."""
    _, at, realm = (identity or "").rpartition("@")
    return realm.lower() if at else ""


def unlang_policy(rejected_realms: list[str] | None = None) -> str:
    """Build the FreeRADIUS policy `eduroam_check_identity` from the same rules.

    It sets control:Tmp-String-1 to the reason and a Reply-Message, then
    rejects; an identity that passes leaves the request untouched.
    """
    rules = _rules(conf.REJECTED_REALMS if rejected_realms is None else rejected_realms)
    branches = [
        ("!&User-Name", Reason.MISSING_IDENTITY),
        (f'"%{{strlen:&User-Name}}" > {MAX_LENGTH}', Reason.TOO_LONG),
    ]
    for rule in rules:
        operator = "!~" if rule.negate else "=~"
        branches.append((f"&User-Name {operator} /{rule.pattern}/i", rule.reason))

    lines = ["eduroam_check_identity {"]
    for index, (condition, reason) in enumerate(branches):
        keyword = "if" if index == 0 else "elsif"
        # NAS show Reply-Message to nobody but their logs: English is enough.
        with translation.override("en"):
            message = f"Invalid eduroam outer identity: {Reason(reason).label}."
        lines += [
            f"\t{keyword} ({condition}) {{",
            "\t\tupdate control {",
            f'\t\t\t&Tmp-String-1 := "{reason}"',
            "\t\t}",
            "\t\tupdate reply {",
            f'\t\t\t&Reply-Message := "{_quote(str(message))}"',
            "\t\t}",
            "\t\teduroam_reject",
            "\t}",
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
