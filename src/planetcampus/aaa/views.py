"""Staff pages of the AAA back end: sessions per residence and the lawful-request export.

Every query is narrowed to the residences the staff member may see; the
lawful-request export is for operator staff only and every export is
recorded (retention.export).
"""

from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from planetcampus.aaa import retention
from planetcampus.aaa.macs import InvalidMac, normalise_mac
from planetcampus.aaa.models import AccountingSession, DynamicAuthorization, LawfulExport
from planetcampus.accounts.decorators import operator_required, staff_required
from planetcampus.accounts.scoping import is_operator, visible_residences
from planetcampus.core.clock import PARIS, now


@staff_required
def home(request):
    residences = (visible_residences(request.user).filter(offer="planetcampus")
                  .annotate(nas_count=Count("nas_devices", distinct=True))
                  .order_by("crous__name", "name"))
    residence_ids = list(residences.values_list("pk", flat=True))
    open_counts = dict(AccountingSession.objects.filter(stopped_at__isnull=True, nas__residence_id__in=residence_ids)
                       .values_list("nas__residence_id").annotate(count=Count("pk")).values_list("nas__residence_id", "count"))
    day_ago = now() - timedelta(days=1)
    device_counts = dict(AccountingSession.objects.filter(nas__residence_id__in=residence_ids, last_event_at__gte=day_ago)
                         .values_list("nas__residence_id").annotate(count=Count("mac", distinct=True))
                         .values_list("nas__residence_id", "count"))
    rows = [(residence, open_counts.get(residence.pk, 0), device_counts.get(residence.pk, 0)) for residence in residences]
    requests_log = (DynamicAuthorization.objects.filter(nas__residence_id__in=residence_ids)
                    .select_related("nas")[:20])
    return render(request, "aaa/home.html", {"rows": rows, "requests_log": requests_log,
                                             "can_export": is_operator(request.user)})


class LawfulExportForm(forms.Form):
    reference = forms.CharField(label=_("Request reference"), max_length=120,
                                help_text=_("The requisition's number, as written on it."))
    start = forms.DateTimeField(label=_("From (Paris time)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    end = forms.DateTimeField(label=_("To (Paris time)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    mac = forms.CharField(label=_("MAC address"), required=False)
    ip = forms.GenericIPAddressField(label=_("IP address"), required=False)
    account = forms.EmailField(label=_("Account e-mail"), required=False)

    def clean_mac(self):
        value = self.cleaned_data["mac"].strip()
        if not value:
            return ""
        try:
            return normalise_mac(value)
        except InvalidMac:
            raise forms.ValidationError(_("“%(value)s” is not a MAC address: write it as AA-BB-CC-DD-EE-FF."),
                                        params={"value": value}) from None

    def clean(self):
        data = super().clean()
        if not (data.get("mac") or data.get("ip") or data.get("account")):
            raise forms.ValidationError(_("Give a MAC address, an IP address or an account e-mail."))
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise forms.ValidationError(_("The end of the period must come after its start."))
        return data


@operator_required
def lawful_export(request):
    form = LawfulExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record, content = retention.export(
            _as_paris(data["start"]), _as_paris(data["end"]), reference=data["reference"], actor=request.user,
            mac=data["mac"], ip=data["ip"] or "", account=data["account"])
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="connection-logs-{record.pk}.csv"'
        return response
    exports = LawfulExport.objects.select_related("requested_by")[:50]
    return render(request, "aaa/lawful_export.html", {"form": form, "exports": exports,
                                                      "retention_days": settings.CONNECTION_LOG_RETENTION_DAYS})


def _as_paris(moment: datetime) -> datetime:
    # With USE_TZ the form returns an aware datetime read in Europe/Paris.
    return moment.astimezone(PARIS) if moment.tzinfo else moment.replace(tzinfo=PARIS)
