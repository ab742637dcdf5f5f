"""Rollout pages: the four tables, comparisons, charts, exports and imports.

Operators get the whole market. A CROUS DSI gets their CROUS only, with
totals and comparisons computed on it alone. Other users get 403.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planetcampus.accounts.decorators import operator_required, staff_required
from planetcampus.accounts.models import StaffRole
from planetcampus.accounts.scoping import is_operator, roles_of, visible_crous, visible_residences
from planetcampus.core.clock import local_today
from planetcampus.core.imports import ImportFailed
from planetcampus.core.tabular import parse_date
from planetcampus.rollout import charts, exports
from planetcampus.rollout.compare import comparison_points, default_comparison, headlines, timeline
from planetcampus.rollout.eligibility import criteria_for
from planetcampus.rollout.forms import ImportForm, MeetingForm, StatusChangeForm
from planetcampus.rollout.history import statuses_as_of
from planetcampus.rollout.importers import importer_for
from planetcampus.rollout.pdf import committee_pdf
from planetcampus.rollout.services import record_change, record_meeting
from planetcampus.rollout.summary import build_summary, kickoff_summary

logger = logging.getLogger(__name__)
COUNT_KINDS = {"contracts", "target_bandwidth", "worksites"}


def rollout_scope(user):
    """Return (CROUS the user may see here, whether that is the whole market); 403 for others."""
    if is_operator(user):
        return list(visible_crous(user).filter(in_market=True)), True
    dsi_crous = [role.crous_id for role in roles_of(user) if role.role == StaffRole.Role.DSI and role.crous_id]
    if not dsi_crous:
        raise PermissionDenied("Rollout tracking is for operators and CROUS DSIs.")
    return list(visible_crous(user).filter(pk__in=dsi_crous)), False


def _day(request, name, default):
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    try:
        return parse_date(text) or default
    except ValueError:
        messages.error(request, _("“%(value)s” is not a valid date; write it as dd/mm/yyyy, for example 17/09/2020. The page uses the default date instead.") % {"value": text})
        return default


def _context(request):
    scope, national = rollout_scope(request.user)
    as_of = _day(request, "as_of", local_today())
    points = comparison_points(as_of, national=national)
    compare_on = _day(request, "compare", None) or default_comparison(as_of, national=national)
    summary = build_summary(as_of, scope)
    return {
        "summary": summary, "scope": scope, "national": national, "as_of": as_of, "compare_on": compare_on,
        "points": points, "headlines": headlines(summary, scope, compare_on, national=national),
        "query": request.GET.urlencode(),
    }


def _scope_label(context) -> str:
    if context["national"]:
        return _("All CROUS of the PlanetCampus market")
    return _("CROUS: %(names)s") % {"names": ", ".join(crous.name for crous in context["scope"])}


@staff_required
def home(request):
    context = _context(request)
    context["sections"] = exports.sections(context["summary"])
    context["scope_label"] = _scope_label(context)
    context["is_operator"] = is_operator(request.user)
    context["sources"] = _sources(context["summary"])
    return render(request, "rollout/home.html", context)


def _sources(summary):
    """Say where each table's counts come from: an imported table, or residence records newer than it."""
    sources = []
    for table in summary.count_tables:
        table_on = next((line.source_on for line in table.lines if line.source == "table"), None)
        from_residences = [(line.crous, line.source_on) for line in table.lines if line.source == "residences"]
        if table_on or from_residences:
            sources.append((exports.table_title(table.kind), table_on, from_residences))
    return sources


@staff_required
def export(request, fmt):
    context = _context(request)
    summary = context["summary"]
    parts = exports.sections(summary)
    name = f"rollout-{summary.as_of:%Y-%m-%d}"
    if fmt == "csv":
        response = HttpResponse("\ufeff" + exports.to_csv(parts, summary), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(parts, summary),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404("Unknown export format.")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@staff_required
def report_pdf(request):
    context = _context(request)
    content = committee_pdf(context["summary"], context["headlines"], _scope_label(context))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rollout-{context["as_of"]:%Y-%m-%d}.pdf"'
    return response


@staff_required
def chart_crous(request, kind):
    if kind not in COUNT_KINDS:
        raise Http404("Unknown table.")
    context = _context(request)
    table = getattr(context["summary"], kind)
    title = exports.table_title(kind)
    return HttpResponse(charts.crous_bars(table, str(title)), content_type="image/svg+xml")


@staff_required
def chart_progress(request):
    scope, national = rollout_scope(request.user)
    as_of = _day(request, "as_of", local_today())
    series = timeline(as_of, scope, national=national)
    return HttpResponse(charts.progress_lines(series, _("Progress over time")), content_type="image/svg+xml")


@staff_required
def crous_residences(request, code):
    """Show one CROUS's residences with their statuses and switch-over criteria on a date."""
    scope, _national = rollout_scope(request.user)
    crous = next((item for item in scope if item.code == code), None)
    if crous is None:
        raise Http404("No such CROUS in your scope.")
    as_of = _day(request, "as_of", local_today())
    residences = list(visible_residences(request.user).filter(crous=crous).order_by("name"))
    statuses = statuses_as_of([r.pk for r in residences], as_of)
    criteria = criteria_for(residences, as_of)
    rows = [(residence, statuses.get(residence.pk, {}), criteria[residence.pk]) for residence in residences]
    meetings = kickoff_summary(as_of, [crous]).lines
    context = {"crous": crous, "as_of": as_of, "rows": rows, "meetings": meetings[0] if meetings else None,
               "compatible_count": sum(1 for _r, _s, c in rows if c.compatible),
               "meeting_form": MeetingForm() if is_operator(request.user) else None}
    return render(request, "rollout/crous.html", context)


@operator_required
@require_http_methods(["POST"])
def record_crous_meeting(request, code):
    """Append a kickoff or steering committee date of a CROUS, or move or cancel one."""
    crous = get_object_or_404(visible_crous(request.user), code=code)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    data = form.cleaned_data
    today = local_today()
    replaces_on = data["replaces_on"] or (data["meeting_on"] if data["cancelled"] else None)
    # A new meeting already held is known from its own date; a move or a cancellation only from today.
    known_since = today if replaces_on else min(data["meeting_on"], today)
    record_meeting(crous, data["kind"], data["meeting_on"], known_since, replaces_on=replaces_on,
                   cancelled=data["cancelled"], actor=request.user, source="form")
    return redirect("rollout:crous", code=crous.code)


@operator_required
@require_http_methods(["GET", "POST"])
def import_tables(request):
    """Upload or paste count tables or a residence list; nothing is stored unless every line is valid."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report, problems = None, []
    if request.method == "POST" and form.is_valid():
        name, content = form.source()
        importer = importer_for(name, content, as_of=form.cleaned_data["as_of"], year=form.cleaned_data["year"],
                                actor=request.user)
        try:
            report = importer.run(dry_run=form.cleaned_data["dry_run"])
            logger.info("rollout import of %s by user %s: %s", name, request.user.pk, report.summary())
        except ImportFailed as failure:
            problems = failure.problems
    return render(request, "rollout/import.html", {"form": form, "report": report, "problems": problems})


@staff_required
@require_http_methods(["GET", "POST"])
def residence_history(request, code):
    """Show a residence's dated rollout history, and let operators append a change."""
    scope, _national = rollout_scope(request.user)
    residence = visible_residences(request.user).filter(code=code, crous__in=[c.pk for c in scope]).first()
    if residence is None:
        raise Http404("No such residence in your scope.")
    operator = is_operator(request.user)
    form = StatusChangeForm(request.POST or None) if operator else None
    if request.method == "POST":
        if not operator:
            raise PermissionDenied("Only operators record rollout changes.")
        if form.is_valid():
            data = form.cleaned_data
            record_change(residence, data["topic"], data["status"], data["effective_on"], actor=request.user,
                          source="form", note=data["note"])
            return redirect("rollout:residence", code=residence.code)
    changes = residence.rollout_changes.select_related("recorded_by").order_by("-effective_on", "-recorded_at", "-pk")
    criteria = criteria_for([residence])[residence.pk]
    return render(request, "rollout/residence.html",
                  {"residence": residence, "changes": changes, "criteria": criteria, "form": form})
