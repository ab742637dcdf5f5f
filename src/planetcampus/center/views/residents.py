"""Residents: search, import of the housing export, codes sent, accounts enabled or disabled."""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from planetcampus.accounts.decorators import staff_required
from planetcampus.center import providers
from planetcampus.center.forms import HousingImportForm
from planetcampus.center.scoped import residence_or_404, resident_or_404, residents_of
from planetcampus.center.services.housing_import import HousingExportImporter
from planetcampus.center.services.residents import (
    send_resident_code,
    send_unsent_codes,
    set_account_active,
)
from planetcampus.center.views.codes import audit_events
from planetcampus.core.clock import local_today
from planetcampus.core.imports import ImportFailed

ACCOUNT_FILTERS = {
    "active": Q(user__isnull=False, user__is_active=True),
    "disabled": Q(user__isnull=False, user__is_active=False),
    "none": Q(user__isnull=True),
}


def account_status(resident, today) -> tuple[str, str]:
    """Return (css class, label) for the resident's account and stay."""
    if resident.departure_on is not None and resident.departure_on < today:
        return "muted", _("departed")
    if resident.user is None:
        return "warn", _("no account yet")
    if not resident.user.is_active:
        return "bad", _("disabled")
    return "ok", _("active")


def _device_summary(residents) -> dict[int, dict]:
    """Map user id to {"count", "last_seen"} from the AAA devices, if that app is installed."""
    users = [resident.user_id for resident in residents if resident.user_id]
    devices = providers.devices_of(users)
    if devices is None or not users:
        return {}
    rows = devices.values("user_id").annotate(count=Count("id"), last_seen=Max("last_seen"))
    return {row["user_id"]: row for row in rows}


def _search(request, residence):
    residents = residents_of(request.user).filter(residence=residence).select_related("code")
    query = request.GET.get("q", "").strip()
    if query:
        residents = residents.filter(Q(last_name__icontains=query) | Q(first_name__icontains=query)
                                     | Q(email__icontains=query) | Q(phone__icontains=query.replace(" ", ""))
                                     | Q(dwelling__number__iexact=query) | Q(external_id__iexact=query))
    account = request.GET.get("account", "")
    if account in ACCOUNT_FILTERS:
        residents = residents.filter(ACCOUNT_FILTERS[account])
    if request.GET.get("present"):
        residents = residents.exclude(departure_on__lt=local_today())
    return residents, query, account


@staff_required
def resident_list(request, code):
    residence = residence_or_404(request.user, code)
    residents, query, account = _search(request, residence)
    page = Paginator(residents, 50).get_page(request.GET.get("page"))
    devices = _device_summary(page)
    today = local_today()
    rows = [(resident, *account_status(resident, today), devices.get(resident.user_id)) for resident in page]
    totals = residents_of(request.user).filter(residence=residence).aggregate(
        total=Count("id"), activated=Count("id", filter=Q(user__isnull=False)),
        sent=Count("id", filter=Q(code__send_count__gt=0)))
    context = {"residence": residence, "page": page, "rows": rows, "query": query, "account": account,
               "present": bool(request.GET.get("present")), "totals": totals,
               "devices_known": providers.device_model() is not None}
    return render(request, "center/residents.html", context)


@staff_required
def residents_export(request, code):
    residence = residence_or_404(request.user, code)
    residents, _query, _account = _search(request, residence)
    today = local_today()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="residents-{residence.code}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Housing-system id"), _("Last name"), _("First name"), _("Dwelling"), _("Arrival"),
                     _("Departure"), _("Phone"), _("E-mail"), _("Account"), _("Code sent")])
    for resident in residents.iterator():
        code_row = getattr(resident, "code", None)
        writer.writerow([resident.external_id, resident.last_name, resident.first_name,
                         resident.dwelling.number if resident.dwelling else "",
                         resident.arrival_on or "", resident.departure_on or "", resident.phone, resident.email,
                         account_status(resident, today)[1], code_row.send_count if code_row else 0])
    return response


@staff_required
def residents_import(request, code):
    residence = residence_or_404(request.user, code)
    form = HousingImportForm(request.POST or None, request.FILES or None)
    report = problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer = HousingExportImporter(residence, upload.name, upload.read(), actor=request.user)
        try:
            report = importer.run(dry_run=form.cleaned_data["dry_run"])
        except ImportFailed as failure:
            problems = failure.problems
        else:
            _after_import(request, residence, report, send=form.cleaned_data["send_codes"])
    context = {"residence": residence, "form": form, "report": report, "problems": problems}
    return render(request, "center/residents_import.html", context, status=422 if problems else 200)


def _after_import(request, residence, report, *, send: bool):
    from planetcampus.access.models import Resident
    from planetcampus.core import audit

    if report.dry_run:
        messages.info(request, _("The file is valid: %(created)d new, %(updated)d updated, %(unchanged)d unchanged. "
                                 "Nothing was changed.") % vars(report))
        return
    audit.record(request.user, "residents.imported", residence, crous=residence.crous, file=report.file,
                 created=report.created, updated=report.updated, unchanged=report.unchanged)
    messages.success(request, _("Import done: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                     % vars(report))
    if send:
        sent = sum(1 for resident in Resident.objects.filter(pk__in=report.created_ids).select_related("residence__crous")
                   if send_resident_code(request.user, resident).sent)
        messages.info(request, ngettext("%(count)d code sent.", "%(count)d codes sent.", sent) % {"count": sent})


@staff_required
@require_POST
def residents_send_unsent(request, code):
    residence = residence_or_404(request.user, code)
    sent = send_unsent_codes(request.user, residence)
    messages.success(request, ngettext("%(count)d code sent.", "%(count)d codes sent.", sent) % {"count": sent})
    return redirect("center:residents", code=residence.code)


@staff_required
def resident_detail(request, pk):
    resident = resident_or_404(request.user, pk)
    devices = providers.devices_of([resident.user]) if resident.user else None
    context = {"resident": resident, "residence": resident.residence, "code": getattr(resident, "code", None),
               "status": account_status(resident, local_today()),
               "devices": list(devices.order_by("-last_seen")) if devices is not None else None,
               "events": audit_events(resident)}
    return render(request, "center/resident_detail.html", context)


@staff_required
@require_POST
def resident_send(request, pk):
    resident = resident_or_404(request.user, pk)
    result = send_resident_code(request.user, resident)
    if result.sent:
        messages.success(request, _("The code was sent to %(name)s.") % {"name": resident})
    for error in result.errors:
        messages.error(request, error)
    if result.skipped:
        messages.warning(request, _("The code was not sent: %(reason)s") % {"reason": result.skipped})
    return redirect("center:resident-detail", pk=resident.pk)


@staff_required
@require_POST
def resident_account(request, pk):
    resident = resident_or_404(request.user, pk)
    if resident.user is None:
        messages.error(request, _("This resident has no account yet."))
        return redirect("center:resident-detail", pk=resident.pk)
    active = request.POST.get("action") == "enable"
    sent = set_account_active(request.user, resident, active)
    if active:
        messages.success(request, _("The account of %(name)s is enabled.") % {"name": resident})
    else:
        messages.success(request, ngettext(
            "The account of %(name)s is disabled; %(count)d session ended.",
            "The account of %(name)s is disabled; %(count)d sessions ended.", sent) % {"name": resident, "count": sent})
    return redirect("center:resident-detail", pk=resident.pk)
