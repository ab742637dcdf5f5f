"""The portal's pages: ACCÈS INTERNET, CRÉEZ VOTRE COMPTE and the hand-back."""

import logging

from django.contrib.auth import authenticate, get_user_model, login
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from planetcampus.portal import conf, gateways, oidc, throttle
from planetcampus.portal.forms import CodeAccountForm, CodeForm, SignInForm, SsoAccountForm
from planetcampus.portal.safety import clean_original_url
from planetcampus.portal.services import (
    CodeRejected,
    NewAccount,
    create_account_with_code,
    create_account_with_sso,
    find_code,
    grant_network_access,
    known_device_owner,
)
from planetcampus.portal.visits import VISIT_PARAMETER, visit_from_request, visit_or_direct

logger = logging.getLogger(__name__)


def portal_url(name: str, visit=None, **kwargs) -> str:
    url = reverse(f"portal:{name}", kwargs=kwargs or None)
    return f"{url}?{VISIT_PARAMETER}={visit.key}" if visit is not None else url


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _render_home(request, visit, *, code_form=None, signin_form=None, status=200, code_error="", signin_error=""):
    context = {
        "visit": visit,
        # A key that names no live visit: the page sat open past PORTAL_VISIT_MINUTES.
        "visit_expired": visit is None and bool(request.GET.get(VISIT_PARAMETER) or request.POST.get(VISIT_PARAMETER)),
        "code_form": code_form or CodeForm(),
        "signin_form": signin_form or SignInForm(),
        "code_error": code_error,
        "signin_error": signin_error,
        "sso_enabled": oidc.is_configured(),
        "can_reconnect": bool(visit and visit.client_mac),
    }
    return render(request, "portal/home.html", context, status=status)


def _back_home(request):
    """Send a GET on a form's URL (a language link on a result page) to the portal's first page."""
    return redirect(portal_url("home", visit_from_request(request)))


@never_cache
@require_GET
def home(request):
    """ACCÈS INTERNET: the three sign-in paths and “Reconnectez-vous !”."""
    return _render_home(request, visit_from_request(request))


# Connection code -----------------------------------------------------------

# Visits without a gateway count against this one shared NAS budget key.
WITHOUT_NAS = "without-nas"


def _nas_budget(visit) -> tuple[str, int]:
    if visit.nas_id:
        return str(visit.nas_id), conf.CODE_FAILURES_PER_NAS_HOUR
    return WITHOUT_NAS, conf.CODE_FAILURES_WITHOUT_NAS_HOUR


def _code_lockout(visit, ip: str) -> bool:
    return (throttle.over("code-fail-mac", [(visit.client_mac, conf.CODE_FAILURES_PER_MAC)])
            or throttle.over("code-fail-ip", [(ip, conf.CODE_FAILURES_PER_IP)])
            or throttle.over("code-fail-nas", [_nas_budget(visit)]))


def _count_code_failure(visit, ip: str) -> None:
    """Count one wrong code against the device, the address and the gateway (see docs/portal.md)."""
    throttle.hit("code-fail-mac", visit.client_mac, conf.LOCKOUT_SECONDS)
    throttle.hit("code-fail-ip", ip, conf.LOCKOUT_SECONDS)
    subject, limit = _nas_budget(visit)
    if throttle.hit("code-fail-nas", subject, 3600) == limit:
        logger.warning("Code entry paused for NAS %s: %s wrong codes within an hour", subject, limit)


@never_cache
@require_http_methods(["GET", "POST"])
def redeem_code(request):
    """Check a connection code, then open CRÉEZ VOTRE COMPTE."""
    if request.method == "GET":
        return _back_home(request)
    visit = visit_or_direct(request)
    form = CodeForm(request.POST)
    ip = _client_ip(request)
    if _code_lockout(visit, ip):
        minutes = conf.LOCKOUT_SECONDS // 60
        message = _("Too many wrong codes were typed on this device or network. Wait %(minutes)d minutes, then try again.") % {"minutes": minutes}
        return _render_home(request, visit, code_form=form, code_error=message, status=429)
    if not form.is_valid():
        return _render_home(request, visit, code_form=form, code_error=_("Type the code you were given."), status=400)

    try:
        code = find_code(form.cleaned_data["code"])
    except CodeRejected as rejection:
        if rejection.counts_as_guess:
            _count_code_failure(visit, ip)
        logger.info("Code rejected on visit %s: %s", visit.pk, rejection.reason)
        return _render_home(request, visit, code_form=form, code_error=rejection.message, status=400)

    visit.code = code
    visit.sso_claims = {}
    visit.save(update_fields=["code", "sso_claims"])
    return redirect(portal_url("create-account", visit))


# Account creation ----------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def create_account(request):
    """CRÉEZ VOTRE COMPTE, after a valid code or a first return from the SSO."""
    visit = visit_from_request(request)
    if visit is None or (visit.code_id is None and not visit.sso_claims):
        return redirect(portal_url("home"))

    language = translation.get_language()
    if visit.sso_claims:
        form = SsoAccountForm(request.POST or None, identity=visit.sso_claims)
    else:
        initial = _resident_names(visit.code)
        form = CodeAccountForm(request.POST or None, initial=initial)

    if request.method == "POST" and form.is_valid():
        try:
            if visit.sso_claims:
                user = create_account_with_sso(visit, form.cleaned_data["password1"], language)
            else:
                data = form.cleaned_data
                user = create_account_with_code(visit, NewAccount(
                    first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
                    password=data["password1"], language=language))
        except CodeRejected as rejection:
            return _render_home(request, visit, code_error=rejection.message, status=400)
        except IntegrityError:
            # Another request created an account with this e-mail since the form was checked.
            logger.info("Account creation on visit %s lost a race for its e-mail address", visit.pk)
            form.add_error(None, _("An account already uses this e-mail address. Sign in with it, or use “Forgot your password?” on the portal's first page."))
        else:
            return finish_sign_in(request, visit, user, method="code" if visit.code_id else "sso")

    return render(request, "portal/create_account.html", {"visit": visit, "form": form, "identity": visit.sso_claims})


def _resident_names(code) -> dict:
    resident = code.resident if code and code.resident_id else None
    if resident is None:
        return {}
    return {"last_name": resident.last_name, "first_name": resident.first_name, "email": resident.email}


# E-mail and password -------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    """“Vous avez déjà un compte”: e-mail and password."""
    if request.method == "GET":
        return _back_home(request)
    visit = visit_or_direct(request)
    form = SignInForm(request.POST)
    ip = _client_ip(request)
    email = (request.POST.get("email") or "").strip().lower()

    limits = [(email, conf.SIGNIN_FAILURES_PER_ACCOUNT)]
    if (throttle.over("signin-fail-account", limits)
            or throttle.over("signin-fail-mac", [(visit.client_mac, conf.SIGNIN_FAILURES_PER_MAC)])
            or throttle.over("signin-fail-ip", [(ip, conf.SIGNIN_FAILURES_PER_IP)])):
        message = _("Too many failed sign-ins. Wait %(minutes)d minutes, or reset your password.") % {"minutes": conf.LOCKOUT_SECONDS // 60}
        return _render_home(request, visit, signin_form=form, signin_error=message, status=429)

    user = authenticate(request, email=email, password=request.POST.get("password", "")) if form.is_valid() else None
    if user is None:
        for scope, subject in (("signin-fail-account", email), ("signin-fail-mac", visit.client_mac), ("signin-fail-ip", ip)):
            throttle.hit(scope, subject, conf.LOCKOUT_SECONDS)
        message = _("The e-mail address or the password is wrong.")
        return _render_home(request, visit, signin_form=form, signin_error=message, status=400)

    throttle.reset("signin-fail-account", email)
    return finish_sign_in(request, visit, user, method="password")


# Reconnectez-vous ----------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def reconnect(request):
    """“Reconnectez-vous !”: a device that signed in before gets back online.

    The device is recognised by the MAC its gateway reported. A MAC can be
    copied, so this path opens the network only and never a web session on
    the account.
    """
    if request.method == "GET":
        return _back_home(request)
    visit = visit_from_request(request)
    user = known_device_owner(visit.client_mac) if visit and visit.client_mac else None
    if user is None:
        message = _("This device is not recognised. Sign in with one of the options below.")
        return _render_home(request, visit, code_error=message, status=400)
    return finish_sign_in(request, visit, user, method="reconnect", web_session=False)


# Hand-back to the gateway --------------------------------------------------

def finish_sign_in(request, visit, user, *, method: str, web_session: bool = True):
    """Open the web session, hand one-time credentials to the gateway, go on."""
    grant = grant_network_access(visit, user, method=method)
    if not grant.allowed:
        return render(request, "portal/refused.html", {"reason": grant.reason, "visit": visit}, status=403)

    if web_session:
        # login() gives the browser a new session key: no fixation.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")

    original = clean_original_url(visit.original_url)
    try:
        hand_back = gateways.build_hand_back(visit, grant.username, grant.password, original)
    except gateways.GatewayError as error:
        logger.error("Hand-back to NAS %s failed for visit %s: %s", visit.nas_id, visit.pk, error)
        return render(request, "portal/gateway_failed.html", {"visit": visit}, status=502)

    if hand_back is not None and hand_back.method == "GET":
        return HttpResponseRedirect(hand_back.url)
    if hand_back is not None:
        return render(request, "portal/handback.html", {"hand_back": hand_back, "visit": visit})
    return after_network_opened(request, visit)


def after_network_opened(request, visit):
    """Send the student on: the original URL if the gateway vouched for it, else self-care."""
    original = clean_original_url(visit.original_url) if visit else ""
    if original and visit.gateway_verified:
        return HttpResponseRedirect(original)
    if request.user.is_authenticated:
        return redirect("selfcare:home")
    return render(request, "portal/connected.html", {"visit": visit, "original": original})


# Single sign-on ------------------------------------------------------------

@never_cache
@require_GET
def sso_start(request):
    """“S'identifier avec MesServices Étudiant”: off to the provider."""
    if not oidc.is_configured():
        return redirect(portal_url("home"))
    visit = visit_or_direct(request)
    visit.language = translation.get_language()
    visit.save(update_fields=["language"])
    try:
        url = oidc.authorization_url(visit, sso_redirect_uri(request), visit.language)
    except oidc.OidcError as error:
        logger.error("SSO start failed for visit %s: %s", visit.pk, error)
        return render(request, "portal/sso_failed.html", {"visit": visit}, status=502)
    return HttpResponseRedirect(url)


def sso_redirect_uri(request) -> str:
    return conf.OIDC_REDIRECT_URI or request.build_absolute_uri(reverse("portal-sso-callback"))


def sso_user_for(identity: dict):
    """Return the account for an SSO identity, linking a verified e-mail on first use."""
    User = get_user_model()
    user = User.objects.filter(sso_subject=identity["subject"]).first()
    if user is not None or not identity.get("email"):
        return user
    user = User.objects.filter(email__iexact=identity["email"], sso_subject="").first()
    if user is not None and identity.get("email_verified"):
        user.sso_subject = identity["subject"]
        user.save(update_fields=["sso_subject"])
        logger.info("Linked SSO subject to existing account %s by verified e-mail", user.pk)
        return user
    return None
