"""Staff pages: eduroam state and recent authentications per residence.

Operators see every residence and switch eduroam on or off; CROUS DSI and
residence managers see their own residences, read only.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planetcampus.accounts.decorators import operator_required, staff_required
from planetcampus.accounts.scoping import is_operator, scope_by_residence, visible_crous, visible_residences
from planetcampus.core import clock
from planetcampus.eduroam import conf
from planetcampus.eduroam.models import Authentication, FederationProxy
from planetcampus.eduroam.probe import probe_all
from planetcampus.eduroam.services import set_eduroam

PAGE_SIZE = 50


@staff_required
def home(request):
    since = clock.now() - timedelta(hours=24)
    residences = (
        visible_residences(request.user)
        .select_related("crous")
        .annotate(
            accepted=Count("eduroam_authentications", filter=Q(eduroam_authentications__occurred_at__gte=since,
                                                                eduroam_authentications__result="accept")),
            rejected=Count("eduroam_authentications", filter=Q(eduroam_authentications__occurred_at__gte=since,
                                                                eduroam_authentications__result="reject")),
            last_seen=Max("eduroam_authentications__occurred_at"),
        )
        .order_by("crous__name", "name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        residences = residences.filter(Q(name__icontains=query) | Q(code__icontains=query) | Q(city__icontains=query))
    crous_code = request.GET.get("crous", "")
    if crous_code:
        residences = residences.filter(crous__code=crous_code)
    state = request.GET.get("state", "")
    if state in {"on", "off"}:
        residences = residences.filter(eduroam_enabled=state == "on")

    page = Paginator(residences, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "eduroam/home.html", {
        "page": page, "query": query, "crous_code": crous_code, "state": state,
        "crous_list": visible_crous(request.user), "operator": is_operator(request.user),
        "proxies": FederationProxy.objects.all() if is_operator(request.user) else None,
        "radius_port": conf.RADIUS_PORT,
    })


@staff_required
def residence_detail(request, code):
    residence = get_object_or_404(visible_residences(request.user).select_related("crous"), code=code)
    records = scope_by_residence(request.user, Authentication.objects.filter(residence=residence))
    result = request.GET.get("result", "")
    if result in Authentication.Result.values:
        records = records.filter(result=result)
    since = clock.now() - timedelta(days=7)
    reasons = (
        Authentication.objects.filter(residence=residence, occurred_at__gte=since)
        .values("reason").annotate(count=Count("id")).order_by("-count")
    )
    return render(request, "eduroam/residence.html", {
        "residence": residence,
        "nas_list": residence.nas_devices.filter(active=True),
        "page": Paginator(records, PAGE_SIZE).get_page(request.GET.get("page")),
        "result": result,
        "results": Authentication.Result.choices,
        "reasons": [(Authentication.Reason(row["reason"]).label, row["count"]) for row in reasons],
        "operator": is_operator(request.user),
        "radius_port": conf.RADIUS_PORT,
        "retention_days": settings.CONNECTION_LOG_RETENTION_DAYS,
    })


@require_POST
@operator_required
def toggle(request, code):
    residence = get_object_or_404(visible_residences(request.user), code=code)
    enabled = request.POST.get("enabled")
    if enabled not in {"0", "1"}:
        raise Http404("enabled must be 0 or 1")

    changed = set_eduroam(residence, enabled == "1", actor=request.user)
    if not changed:
        messages.info(request, _("Nothing changed: eduroam was already in that state."))
    elif residence.eduroam_enabled:
        messages.success(request, _("eduroam is now active in %(residence)s.") % {"residence": residence.name})
    else:
        messages.success(request, _("eduroam is now off in %(residence)s.") % {"residence": residence.name})
    return redirect("eduroam:residence", code=residence.code)


@operator_required
def proxies(request):
    if request.method == "POST":
        results = probe_all()
        answered = sum(1 for _proxy, result in results if result.ok)
        messages.info(request, _("%(answered)s of %(total)s federation proxies answered Status-Server.")
                      % {"answered": answered, "total": len(results)})
        return redirect("eduroam:proxies")

    return render(request, "eduroam/proxies.html", {
        "proxies": FederationProxy.objects.all(),
        "operator_realm": conf.OPERATOR_REALM,
        "response_window": conf.RESPONSE_WINDOW,
        "check_interval": conf.CHECK_INTERVAL,
    })

