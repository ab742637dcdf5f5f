"""The HTTP interface FreeRADIUS calls (rlm_rest), documented in docs/aaa.md.

FreeRADIUS posts every attribute of the request, form-encoded, with the
header `Authorization: Bearer <RADIUS_API_TOKEN>` and the NAS address in
`X-RADIUS-NAS`. Only addresses in RADIUS_API_ALLOWED_IPS may call; an
empty token refuses everyone. The answer is JSON in rlm_rest's format.
"""

import hmac
import json
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from planetcampus.aaa import accounting, policy
from planetcampus.aaa.nas_cache import nas_for_address

logger = logging.getLogger(__name__)


def _refused(request) -> HttpResponse | None:
    address = request.META.get("REMOTE_ADDR", "")
    if address not in settings.RADIUS_API_ALLOWED_IPS:
        logger.warning("RADIUS API call refused from %s: address not allowed", address)
        return HttpResponse(status=403)
    expected = settings.RADIUS_API_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        logger.warning("RADIUS API call refused from %s: bad token", address)
        return HttpResponse(status=403)
    return None


def _attributes(request) -> dict[str, str | list[str]]:
    return {name: values[0] if len(values) == 1 else values for name, values in request.POST.lists()}


def _first(value):
    return value[0] if isinstance(value, list) else value


@csrf_exempt
@require_POST
def authorize(request):
    refusal = _refused(request)
    if refusal:
        return refusal
    attributes = _attributes(request)
    flat = {name: _first(value) for name, value in attributes.items()}
    known = nas_for_address(request.headers.get("X-RADIUS-NAS", ""))
    decision = policy.decide(known, {**attributes, **{k: flat[k] for k in ("User-Name", "User-Password",
                                                                         "Calling-Station-Id", "Called-Station-Id")
                                                     if k in flat}})
    logger.log(logging.DEBUG if decision.accept else logging.INFO, "Access-Request from NAS %s for station %s: %s", request.headers.get("X-RADIUS-NAS", "?"),
                flat.get("Calling-Station-Id", "-"), "accept" if decision.accept else f"reject ({decision.reason})")
    return JsonResponse(rest_reply(decision))


def rest_reply(decision) -> dict:
    body = {f"reply:{name}": value for name, value in decision.reply.items()}
    if not decision.accept:
        body.setdefault("reply:Reply-Message", decision.reason)
        body.pop("reply:Class", None)
    if decision.accept:
        body.update({f"control:{name}": value for name, value in decision.control.items()})
    body["control:Auth-Type"] = "Accept" if decision.accept else "Reject"
    return body


@csrf_exempt
@require_POST
def accounting_view(request):
    refusal = _refused(request)
    if refusal:
        return refusal
    packet = {name: _first(value) for name, value in _attributes(request).items()}
    known = nas_for_address(request.headers.get("X-RADIUS-NAS", ""))
    if known is None:
        # Acknowledge so the buffer moves on; the packet is in FreeRADIUS's log.
        logger.warning("accounting from unknown NAS %s dropped", request.headers.get("X-RADIUS-NAS", "?"))
        return HttpResponse(json.dumps({}), content_type="application/json")
    outcome = accounting.record_packet(known, packet)
    logger.debug("accounting %s %s: %s", packet.get("Acct-Status-Type"), packet.get("Acct-Unique-Session-Id"), outcome)
    return HttpResponse(json.dumps({}), content_type="application/json")
