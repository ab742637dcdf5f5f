"""Unprefixed portal endpoints: gateway entry, SSO callback, probes, RFC 8908 API.

Gateways, operating systems and the SSO provider call these URLs, so they
carry no language prefix; pages they lead to are in the visit's language.
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from planetcampus.access.rights import current_right
from planetcampus.aaa.macs import try_normalise_mac
from planetcampus.core.clock import now
from planetcampus.estate.models import Nas
from planetcampus.portal import gateways, oidc
from planetcampus.portal.models import PortalVisit
from planetcampus.portal.safety import clean_original_url
from planetcampus.portal.views import after_network_opened, finish_sign_in, portal_url, sso_redirect_uri, sso_user_for
from planetcampus.portal.visits import open_visit

logger = logging.getLogger(__name__)


def _language(request, wanted: str = "") -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    wanted = (wanted or "").lower().replace("_", "-")
    if wanted in supported:
        return wanted
    if wanted.startswith("zh"):
        return "zh-hans"
    return translation.get_language_from_request(request)


def _in_language(language: str, build):
    with translation.override(language):
        return build()


def _find_nas(identifier: str, query) -> Nas | None:
    names = [identifier] if identifier else gateways.nas_candidates(query)
    for name in names:
        nas = Nas.objects.filter(identifier=name, active=True).first()
        if nas is not None:
            return nas
    return None


@never_cache
@require_GET
def hotspot(request, identifier=""):
    """Record the visit of a client that a gateway redirected here, then show the portal."""
    query = request.GET.dict()
    nas = _find_nas(identifier, query)
    if nas is None:
        logger.warning("Captive redirect from an unknown NAS %r (%s)", identifier or query.get("nasid", ""), request.META.get("REMOTE_ADDR"))
    vendor = nas.vendor if nas else ""
    language = _language(request, query.get("lang", ""))

    try:
        arrival = gateways.parse_arrival(vendor, query, request.build_absolute_uri())
    except gateways.GatewayError as error:
        logger.warning("Unreadable redirect from NAS %s: %s", nas.identifier if nas else "-", error)
        arrival = gateways.Arrival()

    if arrival.result in {"success", "already"}:
        return _gateway_opened(request, nas, arrival, language)
    if arrival.result == "failed":
        with translation.override(language):
            return render(request, "portal/gateway_failed.html", {"visit": None}, status=403)

    visit = open_visit(nas=nas, vendor=vendor, client_mac=arrival.client_mac, client_ip=arrival.client_ip,
                       ssid=arrival.ssid, original_url=clean_original_url(arrival.original_url),
                       gateway_verified=arrival.verified, gateway=arrival.params, language=language)
    return HttpResponseRedirect(_in_language(language, lambda: portal_url("home", visit)))


def _gateway_opened(request, nas, arrival, language):
    """CoovaChilli came back with res=success: continue from the visit that signed in."""
    original = clean_original_url(arrival.original_url)
    if arrival.verified and original:
        return HttpResponseRedirect(original)
    mac = try_normalise_mac(arrival.client_mac) or ""
    visit = PortalVisit.objects.filter(nas=nas, client_mac=mac, signed_in_at__isnull=False).order_by("-signed_in_at").first() if mac else None
    with translation.override(language):
        return after_network_opened(request, visit)


# Single sign-on callback ---------------------------------------------------

@never_cache
@require_GET
def sso_callback(request):
    """Finish the SSO round trip when the provider redirects back with `code` and `state`."""
    visit = oidc.claim_visit(request.GET.get("state", ""))
    if visit is None:
        logger.warning("SSO callback with an unknown or used state from %s", request.META.get("REMOTE_ADDR"))
        with translation.override(_language(request)):
            return render(request, "portal/sso_failed.html", {"visit": None}, status=400)

    with translation.override(visit.language):
        if "error" in request.GET or not request.GET.get("code"):
            logger.info("SSO provider returned %s for visit %s", request.GET.get("error", "no code"), visit.pk)
            return render(request, "portal/sso_failed.html", {"visit": visit}, status=400)
        try:
            identity = oidc.finish(visit, request.GET["code"], sso_redirect_uri(request))
        except oidc.OidcError as error:
            logger.error("SSO round trip failed for visit %s: %s", visit.pk, error)
            return render(request, "portal/sso_failed.html", {"visit": visit}, status=502)
        return _after_sso(request, visit, identity)


def _after_sso(request, visit, identity):
    user = sso_user_for(identity)
    if user is not None:
        return finish_sign_in(request, visit, user, method="sso")
    if not identity.get("email"):
        logger.error("SSO identity without e-mail for visit %s; check PORTAL_OIDC_CLAIMS", visit.pk)
        return render(request, "portal/sso_failed.html", {"visit": visit}, status=502)

    from django.contrib.auth import get_user_model

    if get_user_model().objects.filter(email__iexact=identity["email"]).exists():
        return render(request, "portal/sso_email_taken.html", {"visit": visit, "email": identity["email"]}, status=409)
    visit.sso_claims = identity
    visit.code = None
    visit.save(update_fields=["sso_claims", "code"])
    return HttpResponseRedirect(portal_url("create-account", visit))


# Captive-portal detection probes ------------------------------------------

def client_status(request, mac: str = "") -> dict:
    """Return the network state of the requesting client: captive or not, and until when.

    The client is found by MAC when the URL contains one (a per-client API
    URI in DHCP option 114), else by the request's source address.
    """
    # One query: the right check reads the housing record through user.resident.
    visits = PortalVisit.objects.select_related("user__resident").filter(signed_in_at__isnull=False)
    visits = visits.filter(client_mac=mac) if mac else visits.filter(client_ip=request.META.get("REMOTE_ADDR"))
    visit = visits.order_by("-signed_in_at").first()
    moment = now()
    if visit is None or visit.user is None or (visit.session_ends_at and visit.session_ends_at <= moment):
        return {"captive": True, "visit": visit}
    right = current_right(visit.user)
    if not right.active:
        return {"captive": True, "visit": visit}
    remaining = int((visit.session_ends_at - moment).total_seconds()) if visit.session_ends_at else None
    can_extend = right.valid_until is None or (visit.session_ends_at is not None and right.valid_until > visit.session_ends_at)
    return {"captive": False, "visit": visit, "seconds_remaining": remaining, "can_extend": can_extend}


def _portal_entry(request) -> str:
    """Return the portal's absolute URL, because probes arrive under the hosts of Apple, Google and others."""
    with translation.override(_language(request)):
        return settings.PUBLIC_BASE_URL + reverse("portal:home")


def _probe(online_response):
    """Build a probe view: the online response after sign-in, a redirect to the portal before."""

    @never_cache
    @require_safe
    def view(request):
        if client_status(request)["captive"]:
            return HttpResponseRedirect(_portal_entry(request))
        return online_response()

    return view


APPLE_SUCCESS = "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"
FIREFOX_CANONICAL = ('<meta http-equiv="refresh" content="0;url=https://support.mozilla.org/kb/captive-portal"/>')

apple_probe = _probe(lambda: HttpResponse(APPLE_SUCCESS, content_type="text/html"))
android_probe = _probe(lambda: HttpResponse(status=204))
windows_probe = _probe(lambda: HttpResponse("Microsoft Connect Test", content_type="text/plain"))
windows_legacy_probe = _probe(lambda: HttpResponse("Microsoft NCSI", content_type="text/plain"))
firefox_canonical_probe = _probe(lambda: HttpResponse(FIREFOX_CANONICAL, content_type="text/html"))
firefox_success_probe = _probe(lambda: HttpResponse("success\n", content_type="text/plain"))


@never_cache
@require_safe
def windows_redirect(request):
    """Windows opens /redirect in the default browser when NCSI finds a portal."""
    if client_status(request)["captive"]:
        return HttpResponseRedirect(_portal_entry(request))
    with translation.override(_language(request)):
        return HttpResponseRedirect(reverse("selfcare:home"))


# RFC 8908 Captive Portal API ----------------------------------------------

@require_safe
def captive_api(request, mac: str = ""):
    """application/captive+json for one client (RFC 8908)."""
    normalised = try_normalise_mac(mac) if mac else ""
    if mac and not normalised:
        return HttpResponse(status=404)
    status = client_status(request, normalised or "")
    body = {"captive": status["captive"], "user-portal-url": _portal_entry(request)}
    if not status["captive"]:
        if status["seconds_remaining"] is not None:
            body["seconds-remaining"] = status["seconds_remaining"]
        body["can-extend-session"] = status["can_extend"]
    response = HttpResponse(json.dumps(body), content_type="application/captive+json")
    # Responses are per client, so no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response
