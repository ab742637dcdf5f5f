"""OpenID Connect client for the national student account (MesServices Étudiant).

Authorization-code flow with PKCE (S256), `state` and `nonce`, endpoints
from the issuer's discovery document, ID token checked against the
provider's JWKS. The flow's secrets live on the PortalVisit, found again
through `state`, so the round trip works in a mini-browser that lost its
cookies on the way.
"""

import base64
import hashlib
import hmac
import logging
import secrets
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from planetcampus.core.clock import now
from planetcampus.portal import conf
from planetcampus.portal.models import PortalVisit

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 3600
ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"]
# Tolerated clock difference with the provider when checking exp and iat.
LEEWAY_SECONDS = 120


class OidcError(Exception):
    """The SSO round trip failed; the message is for the log, not the student."""


def is_configured() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def discovery() -> dict:
    """Return the issuer's discovery document, cached for an hour."""
    issuer = settings.OIDC_ISSUER.rstrip("/")
    key = f"portal:oidc:discovery:{hashlib.sha256(issuer.encode()).hexdigest()[:16]}"
    document = cache.get(key)
    if document is None:
        document = _get_json(f"{issuer}/.well-known/openid-configuration")
        if document.get("issuer", "").rstrip("/") != issuer:
            raise OidcError(f"Discovery document names issuer {document.get('issuer')!r}, expected {issuer!r}.")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def _get_json(url: str, **kwargs) -> dict:
    try:
        response = requests.get(url, timeout=conf.OIDC_TIMEOUT_SECONDS, **kwargs)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise OidcError(f"GET {url} failed: {error}") from error


def _pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_url(visit: PortalVisit, redirect_uri: str, language: str) -> str:
    """Store fresh state, nonce and PKCE verifier on the visit; return the provider URL."""
    document = discovery()
    visit.sso_state = secrets.token_urlsafe(32)
    visit.sso_nonce = secrets.token_urlsafe(32)
    visit.sso_code_verifier = secrets.token_urlsafe(64)
    visit.save(update_fields=["sso_state", "sso_nonce", "sso_code_verifier"])

    query = {
        "response_type": "code",
        "client_id": settings.OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": conf.OIDC_SCOPES,
        "state": visit.sso_state,
        "nonce": visit.sso_nonce,
        "code_challenge": _pkce_challenge(visit.sso_code_verifier),
        "code_challenge_method": "S256",
        "ui_locales": language,
    }
    return f"{document['authorization_endpoint']}?{urlencode(query)}"


def claim_visit(state: str) -> PortalVisit | None:
    """Return the visit that started this round trip and clear its state, so it serves once."""
    if not state:
        return None
    with transaction.atomic():
        visit = PortalVisit.objects.select_for_update().filter(sso_state=state, expires_at__gt=now()).first()
        if visit is None or not hmac.compare_digest(visit.sso_state, state):
            return None
        visit.sso_state = ""
        visit.save(update_fields=["sso_state"])
    return visit


def finish(visit: PortalVisit, code: str, redirect_uri: str) -> dict:
    """Exchange the code, check the ID token and return the student's identity.

    Returns {"subject", "email", "email_verified", "first_name", "last_name"}
    with names taken through the PORTAL_OIDC_CLAIMS mapping.
    """
    document = discovery()
    tokens = _exchange_code(document, code, redirect_uri, visit.sso_code_verifier)
    id_claims = _verified_id_token(document, tokens.get("id_token", ""), visit.sso_nonce)

    claims = dict(id_claims)
    if document.get("userinfo_endpoint") and tokens.get("access_token"):
        userinfo = _get_json(document["userinfo_endpoint"], headers={"Authorization": f"Bearer {tokens['access_token']}"})
        if userinfo.get("sub") != id_claims["sub"]:
            raise OidcError("The userinfo subject differs from the ID token subject.")
        claims.update(userinfo)
    return map_claims(claims)


def _exchange_code(document: dict, code: str, redirect_uri: str, verifier: str) -> dict:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier}
    auth = (settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET) if settings.OIDC_CLIENT_SECRET else None
    if auth is None:
        data["client_id"] = settings.OIDC_CLIENT_ID
    try:
        response = requests.post(document["token_endpoint"], data=data, auth=auth, timeout=conf.OIDC_TIMEOUT_SECONDS)
    except requests.RequestException as error:
        raise OidcError(f"Token request failed: {error}") from error
    if response.status_code != 200:
        raise OidcError(f"Token endpoint answered {response.status_code}: {response.text[:300]}")
    return response.json()


def _verified_id_token(document: dict, id_token: str, nonce: str) -> dict:
    if not id_token:
        raise OidcError("The token response has no id_token.")
    keys = KeySet.import_key_set(_get_json(document["jwks_uri"]))
    try:
        token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
    except (JoseError, ValueError) as error:
        raise OidcError(f"ID token signature check failed: {error}") from error

    claims = token.claims
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    moment = time.time()
    problems = [
        (claims.get("iss", "").rstrip("/") != settings.OIDC_ISSUER.rstrip("/"), "issuer"),
        (settings.OIDC_CLIENT_ID not in audiences, "audience"),
        (len(audiences) > 1 and claims.get("azp") != settings.OIDC_CLIENT_ID, "authorized party"),
        (not hmac.compare_digest(str(claims.get("nonce", "")), nonce or "\0"), "nonce"),
        (float(claims.get("exp", 0)) + LEEWAY_SECONDS < moment, "expiry"),
        (float(claims.get("iat", moment)) - LEEWAY_SECONDS > moment, "issue time"),
        (not claims.get("sub"), "subject"),
    ]
    wrong = [name for failed, name in problems if failed]
    if wrong:
        raise OidcError(f"ID token rejected: wrong {', '.join(wrong)}.")
    return claims


def map_claims(claims: dict, mapping: dict | None = None) -> dict:
    mapping = mapping or conf.claim_mapping()
    identity = {"subject": str(claims["sub"]), "email_verified": bool(claims.get("email_verified", False))}
    for field, names in mapping.items():
        identity[field] = next((str(claims[name]).strip() for name in names if claims.get(name)), "")
    identity["email"] = identity["email"].lower()
    return identity
