"""The answer the platform gives FreeRADIUS for one Access-Request.

Every policy (captive sign-in, MAC re-authentication, private WiFi,
eduroam) returns a Decision; the HTTP interface turns it into the JSON
FreeRADIUS reads. `reply` maps RADIUS attribute names, as FreeRADIUS's
dictionaries spell them, to one value or a list of values; `control`
holds instructions for FreeRADIUS itself (Cache-TTL, the account tag
post-auth turns into Class), never sent to the NAS.
"""

from dataclasses import dataclass, field


@dataclass
class Decision:
    accept: bool
    reason: str = ""
    reply: dict[str, str | list[str]] = field(default_factory=dict)
    control: dict[str, str] = field(default_factory=dict)

    @classmethod
    def reject(cls, reason: str) -> "Decision":
        return cls(accept=False, reason=reason, reply={"Reply-Message": reason})
