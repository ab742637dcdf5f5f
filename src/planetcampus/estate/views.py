from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from planetcampus.core.audit import record
from planetcampus.core.imports import ImportFailed
from planetcampus.estate.forms import ResidenceImportForm
from planetcampus.estate.importers.opendata import OpenDataImporter
from planetcampus.estate.importers.spreadsheet import ResidenceSpreadsheetImporter

from planetcampus.accounts.decorators import operator_required, staff_required
from planetcampus.accounts.scoping import visible_crous, visible_residences


@operator_required
def operator_home(request):
    """Show the operator's landing page: every CROUS with its residence counts."""
    crous_list = visible_crous(request.user).annotate(
        residence_count=Count("residences"),
        planetcampus_count=Count("residences", filter=Q(residences__offer="planetcampus")),
        dwelling_count=Sum("residences__dwellings"),
    ).order_by("-in_market", "name")
    market = [crous for crous in crous_list if crous.in_market]
    outside = [crous for crous in crous_list if not crous.in_market]
    totals = {
        "residences": sum(crous.residence_count for crous in market),
        "planetcampus": sum(crous.planetcampus_count for crous in market),
        "dwellings": sum(crous.dwelling_count or 0 for crous in market),
    }
    return render(request, "estate/operator_home.html", {"market": market, "outside": outside, "totals": totals})


@staff_required
def crous_detail(request, code):
    crous = get_object_or_404(visible_crous(request.user), code=code)
    residences = visible_residences(request.user).filter(crous=crous).order_by("name")
    return render(request, "estate/crous_detail.html", {"crous": crous, "residences": residences})


@staff_required
def residence_list(request):
    residences = visible_residences(request.user).select_related("crous").order_by("crous__name", "name")
    query = request.GET.get("q", "").strip()
    crous_code = request.GET.get("crous", "").strip()
    if query:
        residences = residences.filter(Q(name__icontains=query) | Q(city__icontains=query) | Q(code__icontains=query))
    if crous_code:
        residences = residences.filter(crous__code=crous_code)
    page = Paginator(residences, 50).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "crous_code": crous_code, "crous_list": visible_crous(request.user)}
    return render(request, "estate/residence_list.html", context)


@staff_required
def residence_detail(request, code):
    residence = get_object_or_404(
        visible_residences(request.user).select_related("crous").prefetch_related("nas_devices", "ssids"), code=code
    )
    return render(request, "estate/residence_detail.html", {"residence": residence})


@operator_required
def residence_import(request):
    """Upload a residence file; a dry run first shows what would change."""
    form = ResidenceImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer_class = OpenDataImporter if form.cleaned_data["kind"] == "opendata" else ResidenceSpreadsheetImporter
        importer = importer_class(upload.name, content=upload.read())
        try:
            report = importer.run(dry_run=form.cleaned_data["dry_run"])
        except ImportFailed as failure:
            context["problems"] = failure.problems
        else:
            context["report"] = report
            if not report.dry_run:
                record(request.user, "residences.imported", None, file=upload.name,
                       created=report.created, updated=report.updated)
    return render(request, "estate/residence_import.html", context)
