"""The endpoint FreeRADIUS posts eduroam authentication records to (rlm_rest).

Same protection as the AAA interface: the caller's address must be in
RADIUS_API_ALLOWED_IPS and it sends `Authorization: Bearer
<RADIUS_API_TOKEN>`. A record that cannot be read gets 400, so FreeRADIUS
writes it to its spool file instead of losing it.
"""

import hmac
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from planetcampus.eduroam.records import InvalidRecord, store_record

logger = logging.getLogger(__name__)


def _authorised(request) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    if address not in settings.RADIUS_API_ALLOWED_IPS:
        logger.warning("eduroam record rejected from %s: address not in RADIUS_API_ALLOWED_IPS", address)
        return False
    expected = settings.RADIUS_API_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        logger.warning("eduroam record rejected from %s: invalid token", address)
        return False
    return True


@csrf_exempt
@require_POST
def authentications(request):
    if not _authorised(request):
        return HttpResponse(status=403)

    try:
        record, created = store_record(request.body)
    except InvalidRecord as error:
        logger.warning("eduroam record rejected: %s", error)
        return HttpResponse(str(error), status=400, content_type="text/plain")
    except DatabaseError:
        # FreeRADIUS spools the record and it is ingested later.
        logger.exception("eduroam record not stored: database error")
        return HttpResponse(status=503)

    logger.debug("eduroam record %s stored (new: %s)", record.pk, created)
    # No Content-Type: rlm_rest logs an error for a body type it cannot parse.
    response = HttpResponse(status=204)
    del response["Content-Type"]
    return response
