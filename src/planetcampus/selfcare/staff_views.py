"""Staff pages of the private WiFi option: subscribers of a residence, validity, key export.

Each view narrows to the residences the staff member may see
(accounts.scoping); anything else is a 404.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from planetcampus.accounts.decorators import staff_required
from planetcampus.accounts.scoping import scope_by_residence, visible_residences
from planetcampus.core import audit
from planetcampus.core.clock import now
from planetcampus.selfcare import services
from planetcampus.selfcare.models import PrivateWifiSubscription
from planetcampus.selfcare.pskfile import wpa_psk_file


class ValidityForm(forms.Form):
    valid_until = forms.DateField(label=gettext_lazy("Last day of validity"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                  help_text=gettext_lazy("Leave empty to follow the housing contract."))


@staff_required
def residence_subscriptions(request, code):
    residence = get_object_or_404(visible_residences(request.user).filter(private_wifi_enabled=True), code=code)
    subscriptions = (PrivateWifiSubscription.objects.filter(residence=residence)
                     .select_related("user", "residence").order_by("cancelled_at", "user__last_name"))
    rows = [(subscription, services.is_active(subscription), ValidityForm(initial={"valid_until": subscription.valid_until}))
            for subscription in subscriptions]
    return render(request, "selfcare/staff/residence.html", {"residence": residence, "rows": rows})


@require_POST
@staff_required
def set_validity(request, pk):
    subscription = get_object_or_404(scope_by_residence(request.user, PrivateWifiSubscription.objects.all()), pk=pk)
    form = ValidityForm(request.POST)
    if form.is_valid():
        services.set_validity(subscription, form.cleaned_data["valid_until"], actor=request.user)
        messages.success(request, _("Validity of %(account)s saved.") % {"account": subscription.user.email})
    else:
        messages.error(request, _("Write the date as dd/mm/yyyy."))
    return redirect("selfcare:staff-residence", code=subscription.residence.code)


@staff_required
def download_psk_file(request, code):
    residence = get_object_or_404(visible_residences(request.user), code=code)
    text = wpa_psk_file(residence)
    audit.record(request.user, "private_wifi.keys_exported", residence, crous=residence.crous, residence=residence.code)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wpa_psk_file-{residence.code}-{now():%Y%m%d}"'
    response["Cache-Control"] = "no-store"
    return response
