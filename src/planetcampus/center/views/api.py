"""JSON endpoints of the center, scoped like the pages.

Errors carry a stable `code` and a translated `message`.
"""

import json
from functools import wraps

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planetcampus.access.models import ConnectionCode
from planetcampus.accounts.decorators import staff_required
from planetcampus.center.scoped import codes_of, residence_or_404, residents_of
from planetcampus.center.services.visitor_codes import VisitorTerms, create_visitor_codes
from planetcampus.core.clock import local_today


def _error(status: int, code: str, message: str, **fields) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, **fields}}, status=status)


def _json_not_found(view):
    """Answer an out-of-scope or unknown residence with a JSON 404, like every other API error."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _error(404, "not_found", _("No such residence in your scope."))

    return wrapper


def _code_json(item) -> dict:
    return {"id": item.id, "code": item.code, "valid_from": item.valid_from.isoformat(),
            "valid_until": item.valid_until.isoformat(), "max_devices": item.max_devices,
            "session_seconds": item.session_seconds, "note": item.note,
            "redeemed_by": item.redeemed_by.email if item.redeemed_by else None,
            "redeemed_at": item.redeemed_at.isoformat() if item.redeemed_at else None,
            "revoked_at": item.revoked_at.isoformat() if item.revoked_at else None}


@staff_required
@_json_not_found
def residence_summary(request, code):
    residence = residence_or_404(request.user, code)
    residents = residents_of(request.user).filter(residence=residence).exclude(departure_on__lt=local_today())
    return JsonResponse({
        "code": residence.code, "name": residence.name, "crous": residence.crous.code, "offer": residence.offer,
        "eduroam": residence.eduroam_enabled, "private_wifi": residence.private_wifi_enabled,
        "residents": residents.count(), "activated_accounts": residents.filter(user__isnull=False).count(),
    })


@staff_required
@require_http_methods(["GET", "POST"])
@_json_not_found
def visitor_codes(request, code):
    residence = residence_or_404(request.user, code)
    if request.method == "POST":
        return _create(request, residence)
    codes = codes_of(request.user).filter(residence=residence, kind=ConnectionCode.Kind.VISITOR)[:500]
    return JsonResponse({"results": [_code_json(item) for item in codes]})


def _create(request, residence):
    try:
        payload = json.loads(request.body or b"{}")
        terms = VisitorTerms(valid_from=_moment(payload, "valid_from"), valid_until=_moment(payload, "valid_until"),
                             max_devices=int(payload.get("max_devices", 2)),
                             session_seconds=int(payload.get("session_seconds", 24 * 3600)),
                             note=str(payload.get("note", ""))[:200])
        count = int(payload.get("count", 1))
    except (ValueError, TypeError) as error:
        return _error(400, "invalid_request", _("The request body is not valid JSON with the expected fields."),
                      detail=str(error))
    try:
        batch = create_visitor_codes(request.user, residence, terms, count=count)
    except ValidationError as error:
        return _error(400, error.code or "invalid", " ".join(error.messages))
    return JsonResponse({"batch": batch.pk, "results": [_code_json(item) for item in batch.codes.all()]}, status=201)


def _moment(payload, name):
    value = parse_datetime(str(payload.get(name, "")))
    if value is None or value.tzinfo is None:
        raise ValueError(f"{name} must be an ISO 8601 date and time with its offset, such as 2026-09-01T08:00:00+02:00")
    return value
