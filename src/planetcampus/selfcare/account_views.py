"""The Account tab: personal data, password, e-mail address, data download, deletion."""

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core import signing
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planetcampus.core import audit
from planetcampus.core.clock import now
from planetcampus.selfcare import export
from planetcampus.selfcare.forms import DeleteAccountForm, EmailChangeForm, ProfileForm
from planetcampus.selfcare.views import student_required

logger = logging.getLogger(__name__)

EMAIL_CHANGE_SALT = "selfcare.email-change"
EMAIL_CHANGE_MAX_AGE = 24 * 3600


def _account_page(request, **forms):
    user = request.user
    context = {
        "tab": "account",
        "profile_form": forms.get("profile_form") or ProfileForm(instance=user),
        "password_form": forms.get("password_form") or PasswordChangeForm(user),
        "email_form": forms.get("email_form") or EmailChangeForm(user),
    }
    return render(request, "selfcare/account.html", context)


@student_required
def account(request):
    return _account_page(request)


@require_POST
@student_required
def update_profile(request):
    form = ProfileForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _account_page(request, profile_form=form)
    with transaction.atomic():
        form.save()
        audit.record(request.user, "account.profile_changed", request.user, fields=sorted(form.changed_data))
    messages.success(request, _("Your personal data is saved."))
    return redirect("selfcare:account")


@require_POST
@student_required
def change_password(request):
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _account_page(request, password_form=form)
    with transaction.atomic():
        form.save()
        audit.record(request.user, "account.password_changed", request.user)
    update_session_auth_hash(request, form.user)
    messages.success(request, _("Your password is changed."))
    return redirect("selfcare:account")


@require_POST
@student_required
def request_email_change(request):
    user = request.user
    form = EmailChangeForm(user, request.POST)
    if not form.is_valid():
        return _account_page(request, email_form=form)
    new_email = form.cleaned_data["new_email"]
    # The token names the current address too, so it is single-use: once the
    # address has changed, the same link no longer matches.
    token = signing.dumps({"user": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT)
    link = settings.PUBLIC_BASE_URL + reverse("selfcare:confirm-email", args=[token])
    _send_verification(user, new_email, link, token)
    audit.record(user, "account.email_change_requested", user, new_email=new_email)
    messages.success(request, _("We sent a link to %(email)s. Open it within 24 hours to confirm the new address.")
                     % {"email": new_email})
    return redirect("selfcare:account")


def _send_verification(user, new_email, link, token):
    from planetcampus.messaging.outbox import enqueue_email

    with translation.override(user.language or "fr"):
        subject = _("Confirm your new e-mail address")
        body = render_to_string("selfcare/email/confirm_email.txt", {"user": user, "link": link, "hours": 24})
    enqueue_email(new_email, subject, body, key=f"selfcare:email-change:{token[-40:]}", language=user.language or "fr")


def confirm_email(request, token):
    """Apply the change from the link in the e-mail; works in any browser, signed in or not."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired:
        return _email_result(request, _("This link has expired. Ask for the change again from your Account tab."), 410)
    except signing.BadSignature:
        return _email_result(request, _("This link is not valid. Copy the whole link from the e-mail."), 400)
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data["user"], email=data["old"]).first()
        if user is None:
            return _email_result(request, _("This link was already used or the address has changed since."), 410)
        if User.objects.filter(email__iexact=data["new"]).exclude(pk=user.pk).exists():
            return _email_result(request, _("Another account uses %(email)s.") % {"email": data["new"]}, 409)
        user.email = data["new"]
        user.save(update_fields=["email"])
        audit.record(user, "account.email_changed", user, old_email=data["old"], new_email=data["new"])
        transaction.on_commit(lambda: _notify_old_address(user, data["old"], data["new"], token))
    logger.info("E-mail of user %s changed after verification", user.pk)
    return _email_result(request, _("Your e-mail address is now %(email)s. Use it to sign in.") % {"email": data["new"]}, 200,
                         success=True)


def _notify_old_address(user, old_email, new_email, token):
    """Tell the previous address, so a stolen session cannot move the account away unnoticed."""
    from planetcampus.messaging.outbox import enqueue_email

    with translation.override(user.language or "fr"):
        subject = _("Your PlanetCampus e-mail address was changed")
        body = render_to_string("selfcare/email/email_changed.txt", {
            "user": user, "new_email": new_email, "phone": settings.CUSTOMER_SERVICE_PHONE})
    enqueue_email(old_email, subject, body, key=f"selfcare:email-changed:{token[-40:]}", language=user.language or "fr")


def _email_result(request, message, status, success=False):
    return render(request, "selfcare/email_result.html", {"message": message, "success": success}, status=status)


@student_required
def download_data(request):
    payload = export.personal_data(request.user)
    audit.record(request.user, "account.data_downloaded", request.user)
    response = HttpResponse(json.dumps(payload, indent=2, ensure_ascii=False, default=str),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="planetcampus-{now():%Y%m%d}.json"'
    return response


@student_required
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _delete(user)
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for using PlanetCampus."))
        return redirect("portal:home")
    return render(request, "selfcare/delete_account.html", {"tab": "account", "form": form})


def _delete(user):
    from planetcampus.aaa.services import disconnect_user

    # Disconnect first: once the account is gone its sessions no longer
    # point at it. Connection logs keep a copy of the e-mail (legal duty).
    disconnect_user(user, reason="account.deleted")
    with transaction.atomic():
        audit.record(None, "account.deleted", user, email=user.email)
        user.delete()
    logger.info("Account %s deleted by its owner", user.pk)
