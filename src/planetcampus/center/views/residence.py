"""The center's home page, the residence page and the residence flyer."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from planetcampus.access.models import ConnectionCode
from planetcampus.accounts.decorators import staff_required
from planetcampus.accounts.scoping import visible_residences
from planetcampus.center import providers
from planetcampus.center.models import OnboardingBooking
from planetcampus.center.printing.flyer import render_flyer
from planetcampus.center.scoped import residence_or_404
from planetcampus.core.clock import local_today, now

# The reporting summary's columns shown on the residence page, in the order of the monthly SLA dashboard.
KPI_ROWS = [
    ("availability_operator_pct", _("Availability, operator's responsibility"), "%"),
    ("availability_all_pct", _("Availability, all causes"), "%"),
    ("latency_max_ms", _("Maximum latency"), "ms"),
    ("throughput_min_mbps", _("Minimum throughput"), "Mb/s"),
    ("throughput_mean_mbps", _("Mean throughput"), "Mb/s"),
    ("evening_throughput_min_mbps", _("Minimum evening throughput"), "Mb/s"),
    ("evening_throughput_mean_mbps", _("Mean evening throughput"), "Mb/s"),
    ("incidents_out_of_gtr", _("Incidents restored after the guaranteed time"), ""),
]


def kpi_rows(kpis: dict | None) -> list[tuple[str, object, str]]:
    if not kpis:
        return []
    return [(label, kpis[key], unit) for key, label, unit in KPI_ROWS if kpis.get(key) is not None]


@staff_required
def home(request):
    """List the residences in the staff member's scope with their codes and accounts."""
    residences = visible_residences(request.user).select_related("crous").order_by("crous__name", "name")
    query = request.GET.get("q", "").strip()
    if query:
        residences = residences.filter(Q(name__icontains=query) | Q(city__icontains=query) | Q(code__icontains=query))
    page = Paginator(residences, 30).get_page(request.GET.get("page"))
    ids = [residence.pk for residence in page]
    counts = _counts(ids)
    bookings = {booking.residence_id: booking for booking in OnboardingBooking.objects.filter(
        residence_id__in=ids, cancelled_at__isnull=True).select_related("slot")}
    rows = [(residence, counts.get(residence.pk, {}), bookings.get(residence.pk)) for residence in page]
    return render(request, "center/home.html", {"page": page, "rows": rows, "query": query})


def _counts(residence_ids) -> dict[int, dict]:
    moment = now()
    valid = Q(connection_codes__kind=ConnectionCode.Kind.VISITOR, connection_codes__revoked_at__isnull=True,
              connection_codes__valid_from__lte=moment, connection_codes__valid_until__gt=moment)
    from planetcampus.estate.models import Residence

    code_counts = Residence.objects.filter(pk__in=residence_ids).annotate(visitor_codes=Count("connection_codes", filter=valid))
    resident_counts = Residence.objects.filter(pk__in=residence_ids).annotate(
        resident_count=Count("residents", filter=~Q(residents__departure_on__lt=local_today())),
        activated=Count("residents", filter=Q(residents__user__isnull=False)
                        & ~Q(residents__departure_on__lt=local_today())))
    counts = {row.pk: {"visitor_codes": row.visitor_codes} for row in code_counts}
    for row in resident_counts:
        counts[row.pk].update(residents=row.resident_count, activated=row.activated)
    return counts


@staff_required
def residence_detail(request, code):
    residence = residence_or_404(request.user, code)
    criteria = providers.switchover_criteria([residence]).get(residence.pk)
    kpis = providers.last_month_kpis(residence)
    incidents = (kpis or {}).get("incidents") or []
    booking = (OnboardingBooking.objects.filter(residence=residence, cancelled_at__isnull=True)
               .select_related("slot", "booked_by").first())
    counts = _counts([residence.pk]).get(residence.pk, {})
    context = {"residence": residence, "criteria": criteria, "criteria_known": criteria is not None,
               "planned": providers.planned_switchover(residence), "kpis": kpis, "kpi_rows": kpi_rows(kpis),
               "kpi_month": (kpis or {}).get("month"), "incidents": incidents, "booking": booking, "counts": counts}
    return render(request, "center/residence.html", context)


@staff_required
def flyer(request, code):
    residence = residence_or_404(request.user, code)
    response = HttpResponse(render_flyer(residence), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="flyer-planetcampus-{residence.code}.pdf"'
    return response
