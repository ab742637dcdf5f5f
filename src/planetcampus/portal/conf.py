"""Portal settings read from the environment (documented in docs/portal.md).

settings.py contains the platform-wide ones (OIDC_ISSUER, OIDC_CLIENT_ID,
OIDC_CLIENT_SECRET, CUSTOMER_SERVICE_PHONE, PUBLIC_BASE_URL); the portal's
own knobs live here so the app can be read and tested on its own.
"""

from planetcampus.config import ConfigurationError, env_int, env_str

# How long a visit (the gateway parameters and the sign-in progress) lives.
VISIT_MINUTES = env_int("PORTAL_VISIT_MINUTES", 60)

# Gateway secrets. CoovaChilli signs its redirect with `md` = MD5(URL +
# uamsecret) and uses the same secret to encode the PAP password; openNDS
# hashes the client's hid with its faskey.
UAM_SECRET = env_str("PORTAL_UAM_SECRET", "")
OPENNDS_FASKEY = env_str("PORTAL_OPENNDS_FASKEY", "")

# OpenID Connect, beyond the three settings in settings.py.
OIDC_SCOPES = env_str("PORTAL_OIDC_SCOPES", "openid email profile")
OIDC_REDIRECT_URI = env_str("PORTAL_OIDC_REDIRECT_URI", "")
OIDC_TIMEOUT_SECONDS = env_int("PORTAL_OIDC_TIMEOUT_SECONDS", 10)
# Our field = provider claims tried in order, "|"-separated.
OIDC_CLAIMS = env_str(
    "PORTAL_OIDC_CLAIMS",
    "last_name=family_name|nom|lastName,first_name=given_name|prenom|firstName,email=email|mail",
)


def claim_mapping(text: str = OIDC_CLAIMS) -> dict[str, list[str]]:
    """Parse PORTAL_OIDC_CLAIMS into {field: [claim, ...]}."""
    mapping = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        field, _, claims = item.partition("=")
        if field not in {"last_name", "first_name", "email"} or not claims:
            raise ConfigurationError(
                f"PORTAL_OIDC_CLAIMS item {item!r} is invalid: write field=claim|claim with field "
                "last_name, first_name or email."
            )
        mapping[field] = [claim.strip() for claim in claims.split("|") if claim.strip()]
    missing = {"last_name", "first_name", "email"} - mapping.keys()
    if missing:
        raise ConfigurationError(f"PORTAL_OIDC_CLAIMS lacks {', '.join(sorted(missing))}.")
    return mapping


# Rate limits: (attempts, window in seconds). Per client MAC the limits are
# tight; per source IP they are loose, because a residence gateway may NAT
# every student behind one address.
CODE_FAILURES_PER_MAC = env_int("PORTAL_CODE_FAILURES_PER_MAC", 5)
CODE_FAILURES_PER_IP = env_int("PORTAL_CODE_FAILURES_PER_IP", 30)
CODE_FAILURES_PER_NAS_HOUR = env_int("PORTAL_CODE_FAILURES_PER_NAS_HOUR", 100)
# Visits without a gateway (the portal opened from the Internet) share one
# budget, because an attacker there can change address at will.
CODE_FAILURES_WITHOUT_NAS_HOUR = env_int("PORTAL_CODE_FAILURES_WITHOUT_NAS_HOUR", 200)
LOCKOUT_SECONDS = env_int("PORTAL_LOCKOUT_SECONDS", 15 * 60)
SIGNIN_FAILURES_PER_ACCOUNT = env_int("PORTAL_SIGNIN_FAILURES_PER_ACCOUNT", 5)
SIGNIN_FAILURES_PER_MAC = env_int("PORTAL_SIGNIN_FAILURES_PER_MAC", 10)
SIGNIN_FAILURES_PER_IP = env_int("PORTAL_SIGNIN_FAILURES_PER_IP", 60)
RESETS_PER_ADDRESS_HOUR = env_int("PORTAL_RESETS_PER_ADDRESS_HOUR", 3)
RESETS_PER_IP_HOUR = env_int("PORTAL_RESETS_PER_IP_HOUR", 30)
