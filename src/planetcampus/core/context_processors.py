from django.conf import settings

from planetcampus.accounts.models import StaffRole
from planetcampus.accounts.scoping import is_operator, roles_of


def platform(request):
    user = getattr(request, "user", None)
    return {
        "customer_service_phone": settings.CUSTOMER_SERVICE_PHONE,
        "legal_notice_url": settings.LEGAL_NOTICE_URL,
        "is_operator": bool(user is not None and is_operator(user)),
        "is_dsi": bool(user is not None and any(role.role == StaffRole.Role.DSI for role in roles_of(user))),
    }
