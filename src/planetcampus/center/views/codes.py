"""Visitor codes: list, create (one or a batch), print, revoke, see their use."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from planetcampus.access.models import CodeBatch, ConnectionCode
from planetcampus.accounts.decorators import staff_required
from planetcampus.center import providers
from planetcampus.center.forms import VisitorCodeForm
from planetcampus.center.printing.codes import duration_text, render_codes
from planetcampus.center.scoped import batch_or_404, code_or_404, codes_of, residence_or_404
from planetcampus.center.services.visitor_codes import (
    VisitorTerms,
    create_visitor_codes,
    revoke_code,
)
from planetcampus.core import audit
from planetcampus.core.clock import now

STATUS_FILTERS = {
    "valid": lambda moment: Q(revoked_at__isnull=True, valid_from__lte=moment, valid_until__gt=moment),
    "upcoming": lambda moment: Q(revoked_at__isnull=True, valid_from__gt=moment),
    "expired": lambda moment: Q(revoked_at__isnull=True, valid_until__lte=moment),
    "revoked": lambda moment: Q(revoked_at__isnull=False),
    "redeemed": lambda moment: Q(redeemed_at__isnull=False),
}


def code_status(code, moment) -> tuple[str, str]:
    """Return (css class, label) of a code's state at `moment`."""
    if code.revoked_at is not None:
        return "bad", pgettext("code state", "revoked")
    if moment < code.valid_from:
        return "warn", pgettext("code state", "not valid yet")
    if moment >= code.valid_until:
        return "muted", pgettext("code state", "expired")
    if code.redeemed_at is not None:
        return "ok", pgettext("code state", "in use")
    return "ok", pgettext("code state", "valid, not used yet")


def _visitor_codes(request, residence):
    codes = codes_of(request.user).filter(residence=residence, kind=ConnectionCode.Kind.VISITOR)
    status = request.GET.get("status", "")
    if status in STATUS_FILTERS:
        codes = codes.filter(STATUS_FILTERS[status](now()))
    query = request.GET.get("q", "").strip()
    if query:
        codes = codes.filter(Q(code__icontains=query.replace("-", "").upper()) | Q(note__icontains=query)
                             | Q(redeemed_by__email__icontains=query))
    if request.GET.get("batch", "").isdigit():
        codes = codes.filter(batch_id=int(request.GET["batch"]))
    return codes, status, query


@staff_required
def visitor_codes(request, code):
    residence = residence_or_404(request.user, code)
    form = VisitorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        terms = VisitorTerms(valid_from=data["valid_from"], valid_until=data["valid_until"],
                             max_devices=data["max_devices"], session_seconds=data["session_seconds"], note=data["note"])
        try:
            batch = create_visitor_codes(request.user, residence, terms, count=data["count"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, ngettext("%(count)d visitor code created.", "%(count)d visitor codes created.",
                                               batch.size) % {"count": batch.size})
            return redirect(f"{request.path}?batch={batch.pk}")

    codes, status, query = _visitor_codes(request, residence)
    moment = now()
    page = Paginator(codes, 50).get_page(request.GET.get("page"))
    rows = [(item, *code_status(item, moment)) for item in page]
    batches = CodeBatch.objects.filter(residence=residence)[:10]
    context = {"residence": residence, "form": form, "page": page, "rows": rows, "status": status, "query": query,
               "batches": batches, "batch_id": request.GET.get("batch", ""), "statuses": _status_labels()}
    return render(request, "center/visitor_codes.html", context)


def _status_labels():
    return [("", pgettext("code state", "all")), ("valid", pgettext("code state", "valid")), ("upcoming", pgettext("code state", "not valid yet")), ("expired", pgettext("code state", "expired")),
            ("revoked", pgettext("code state", "revoked")), ("redeemed", pgettext("code state", "used"))]


@staff_required
def visitor_codes_print(request, code):
    """Return the PDF sheet of a batch, or of the codes ticked in the list."""
    residence = residence_or_404(request.user, code)
    codes = codes_of(request.user).filter(residence=residence, kind=ConnectionCode.Kind.VISITOR, revoked_at__isnull=True)
    if request.GET.get("batch"):
        batch = batch_or_404(request.user, residence, request.GET["batch"] if request.GET["batch"].isdigit() else 0)
        codes = codes.filter(batch=batch)
    else:
        ids = [int(value) for value in request.GET.getlist("code") if value.isdigit()]
        codes = codes.filter(pk__in=ids)
    codes = list(codes.order_by("code"))
    if not codes:
        messages.error(request, _("No valid code to print: choose a batch or tick codes that are not revoked."))
        return redirect("center:visitor-codes", code=residence.code)

    pdf = render_codes(codes, title=_("Visitor codes – %(residence)s") % {"residence": residence.name})
    audit.record(request.user, "visitor_code.printed", residence, crous=residence.crous, count=len(codes))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="codes-{residence.code}.pdf"'
    return response


@staff_required
def visitor_codes_export(request, code):
    residence = residence_or_404(request.user, code)
    codes, _status, _query = _visitor_codes(request, residence)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="visitor-codes-{residence.code}.csv"'
    response.write("\ufeff")  # lets Excel open the UTF-8 file with its accents
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Code"), _("Valid from"), _("Valid until"), _("Devices"), _("Session (s)"), _("Note"),
                     _("Used by"), _("Used at"), _("Revoked at")])
    for item in codes.iterator():
        writer.writerow([item.code, item.valid_from.isoformat(), item.valid_until.isoformat(), item.max_devices,
                         item.session_seconds, item.note, item.redeemed_by.email if item.redeemed_by else "",
                         item.redeemed_at.isoformat() if item.redeemed_at else "",
                         item.revoked_at.isoformat() if item.revoked_at else ""])
    return response


@staff_required
def code_detail(request, pk):
    item = code_or_404(request.user, pk)
    devices = None
    if item.redeemed_by is not None:
        devices = providers.devices_of([item.redeemed_by])
        devices = list(devices.order_by("-last_seen")) if devices is not None else None
    events = audit_events(item)
    status = code_status(item, now())
    return render(request, "center/code_detail.html",
                  {"item": item, "residence": item.residence, "devices": devices, "status": status, "events": events,
                   "session": duration_text(item.session_seconds)})


def event_labels() -> dict[str, str]:
    return {
        "visitor_code.revoked": _("Code revoked"),
        "resident_code.revoked": _("Code revoked"),
        "resident_code.sent": _("Code sent"),
        "resident.disabled": _("Account disabled"),
        "resident.enabled": _("Account enabled"),
        "resident.departed": _("Departure processed: sessions ended"),
    }


def audit_events(target) -> list:
    """Return the last audit events about `target`, each with a translated `label`."""
    from planetcampus.core.models import AuditEvent

    labels = event_labels()
    events = list(AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
                  .select_related("actor")[:20])
    for event in events:
        event.label = labels.get(event.action, event.action)
    return events


@staff_required
@require_POST
def code_revoke(request, pk):
    item = code_or_404(request.user, pk)
    sent = revoke_code(request.user, item)
    messages.success(request, ngettext(
        "Code %(code)s revoked; %(count)d session ended.", "Code %(code)s revoked; %(count)d sessions ended.", sent,
    ) % {"code": item.code, "count": sent})
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("center:code-detail", pk=item.pk)
