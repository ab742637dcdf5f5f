"""Staff pages of the SLA dashboard, narrowed to what each staff member may see."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planetcampus.accounts.decorators import operator_required, staff_required
from planetcampus.accounts.scoping import is_operator, visible_crous, visible_residences
from planetcampus.core import audit
from planetcampus.reporting import charts, exports
from planetcampus.reporting.kpis import month_kpis
from planetcampus.reporting.models import Incident, IngestRun
from planetcampus.reporting.periods import Month
from planetcampus.reporting.tables import build_sections, headers


def _month(request) -> Month:
    text = request.GET.get("month", "")
    if not text:
        return Month.last_complete()
    try:
        return Month.parse(text)
    except ValueError:
        raise Http404(_("Invalid month: write it as YYYY-MM.")) from None


def _scoped_residences(request):
    residences = visible_residences(request.user).select_related("crous")
    crous_code = request.GET.get("crous", "")
    if crous_code:
        crous = get_object_or_404(visible_crous(request.user), code=crous_code)
        residences = residences.filter(crous=crous)
    return residences.order_by("crous__name", "name")


@staff_required
def home(request):
    month = _month(request)
    residences = list(_scoped_residences(request))
    sections = build_sections(month_kpis(residences, month))
    return render(request, "reporting/home.html", {
        "month": month, "sections": sections, "crous_list": visible_crous(request.user).order_by("name"),
        "selected_crous": request.GET.get("crous", ""), "crous_headers": headers(_("Establishment")),
        "residence_headers": headers(_("Residence")), "previous": month.previous(), "next": month.next(),
        # Ingest records name files and residences of every CROUS, so only operators see them.
        "ingests": IngestRun.objects.all()[:10] if is_operator(request.user) else [],
    })


@staff_required
def export(request, file_format):
    if file_format not in exports.CONTENT_TYPES:
        raise Http404(_("Unknown export format: use csv, xlsx or pdf."))
    month = _month(request)
    sections = build_sections(month_kpis(list(_scoped_residences(request)), month))
    response = HttpResponse(exports.render(sections, month, file_format), content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="planetcampus-sla-{month}.{file_format}"'
    return response


@staff_required
def residence_detail(request, code):
    residence = get_object_or_404(visible_residences(request.user).select_related("crous"), code=code)
    month = _month(request)
    kpis = month_kpis([residence], month)[0]
    series = charts.hourly_series(residence.pk, month)
    throughput_chart = charts.line_chart(month, series.hours, [
        (_("mean throughput"), "#0b5cab", series.throughput_mean),
        (_("min throughput"), "#b3261e", series.throughput_min)], title=_("Throughput per hour"), unit="Mb/s")
    latency_chart = charts.line_chart(month, series.hours, [(_("max latency"), "#8a5a00", series.latency_max)],
                                      title=_("Maximum latency per hour"), unit="ms")
    reachable = [None if share is None else 100 * share for share in series.reachable_share]
    reachability_chart = charts.line_chart(month, series.hours, [(_("reachable samples"), "#176a3a", reachable)],
                                           title=_("Share of reachable samples per hour"), unit="%")
    return render(request, "reporting/residence.html", {
        "residence": residence, "month": month, "kpis": kpis, "previous": month.previous(), "next": month.next(),
        "charts": [mark_safe(chart) for chart in (throughput_chart, latency_chart, reachability_chart)],
        "incidents": list(zip(kpis.incidents, kpis.remarks)),
    })


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["started_at", "ended_at", "responsibility", "planned", "title", "description", "diagnosis",
                  "perimeter", "impact", "site_informed", "outcome"]
        widgets = {"started_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "ended_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_at"), cleaned.get("ended_at")
        if start and end and end <= start:
            self.add_error("ended_at", gettext_lazy("The end must come after the start."))
        return cleaned


@operator_required
def incident_new(request, code):
    residence = get_object_or_404(visible_residences(request.user), code=code)
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_incident(form, residence, request.user)
        messages.success(request, _("Incident recorded."))
        return redirect("reporting:residence", code=residence.code)
    return render(request, "reporting/incident_form.html", {"residence": residence, "form": form})


@operator_required
def incident_edit(request, code, pk):
    residence = get_object_or_404(visible_residences(request.user), code=code)
    incident = get_object_or_404(Incident, pk=pk, residence=residence)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        save_incident(form, residence, request.user)
        messages.success(request, _("Incident updated."))
        month = Month.of(incident.started_at)
        return redirect(f"{reverse('reporting:residence', args=[residence.code])}?month={month}")
    return render(request, "reporting/incident_form.html", {"residence": residence, "form": form, "incident": incident})


@transaction.atomic
def save_incident(form, residence, actor) -> Incident:
    """Create or update an incident from its form, with an audit event."""
    created = form.instance.pk is None
    incident = form.save(commit=False)
    incident.residence = residence
    if created:
        incident.created_by = actor
    incident.save()
    audit.record(actor, "incident.recorded" if created else "incident.updated", incident, crous=residence.crous,
                 residence=residence.code, responsibility=incident.responsibility,
                 changed=sorted(form.changed_data))
    return incident
