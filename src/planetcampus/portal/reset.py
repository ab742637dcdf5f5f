"""“Mot de passe oublié ?”: a reset link by e-mail that never reveals whether an account exists.

Django's PasswordResetForm mails only active accounts with that address
and reports nothing either way; the page after it is the same for every
address. The e-mail goes through the messaging outbox. Tokens come from Django's PasswordResetTokenGenerator: they
die when the password changes, at the next sign-in, or after
PASSWORD_RESET_TIMEOUT.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from planetcampus.messaging.outbox import enqueue_email
from planetcampus.portal import conf, throttle
from planetcampus.portal.visits import visit_from_request

logger = logging.getLogger(__name__)


class PortalResetForm(PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None):
        """Queue the reset e-mail in the outbox, in the language of the account.

        Queueing costs one insert whether SMTP is fast or slow, so the
        response time tells little about whether the address has an account.
        The link stays in the outbox row until the worker sends it, and dies
        with the token (PASSWORD_RESET_TIMEOUT or the next password change).
        """
        language = getattr(context["user"], "language", None) or translation.get_language()
        with translation.override(language):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        enqueue_email(to_email, subject, body, key=f"portal-reset:{context['uid']}:{context['token']}", language=language)


@never_cache
@require_http_methods(["GET", "POST"])
def reset_request(request):
    visit = visit_from_request(request)
    form = PortalResetForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "portal/reset_request.html", {"form": form, "visit": visit})

    email = form.cleaned_data["email"].strip().lower()
    ip = request.META.get("REMOTE_ADDR", "")
    mac = visit.client_mac if visit else ""
    if throttle.over("reset-address", [(email, conf.RESETS_PER_ADDRESS_HOUR)]) or throttle.over(
        "reset-client", [(mac, conf.RESETS_PER_ADDRESS_HOUR), (ip, conf.RESETS_PER_IP_HOUR)]
    ):
        message = _("Too many reset requests. Wait an hour, then try again.")
        return render(request, "portal/reset_request.html", {"form": form, "visit": visit, "error": message}, status=429)

    throttle.hit("reset-address", email, 3600)
    throttle.hit("reset-client", mac, 3600)
    throttle.hit("reset-client", ip, 3600)
    # The link is built from PUBLIC_BASE_URL, never from the request's Host
    # header, so a forged Host cannot point the e-mail at another site.
    public = urlsplit(settings.PUBLIC_BASE_URL)
    form.save(
        request=request,
        domain_override=public.netloc,
        use_https=public.scheme == "https",
        subject_template_name="portal/email/reset_subject.txt",
        email_template_name="portal/email/reset_body.txt",
    )
    logger.info("Password reset requested from %s", ip)
    return redirect("portal:reset-sent")


def reset_sent(request):
    return render(request, "portal/reset_sent.html")


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("portal:reset-done")
    post_reset_login = False


def reset_done(request):
    return render(request, "portal/reset_done.html")
