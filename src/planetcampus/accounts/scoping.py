"""What each staff member may see, in one place.

Every staff view, export, download and API endpoint narrows its querysets
through these functions; menus hiding links is never the protection.
Operators see everything, a CROUS DSI sees their CROUS, a residence manager
sees their residences. Anyone else sees nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from planetcampus.accounts.models import StaffRole


def roles_of(user) -> list[StaffRole]:
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_staff_roles_cache", None)
    if cached is None:
        cached = list(user.staff_roles.prefetch_related("residences"))
        user._staff_roles_cache = cached
    return cached


def is_operator(user) -> bool:
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return any(role.role == StaffRole.Role.OPERATOR for role in roles_of(user))


def is_staff_member(user) -> bool:
    return is_operator(user) or bool(roles_of(user))


def visible_crous(user) -> QuerySet:
    from planetcampus.estate.models import Crous

    if is_operator(user):
        return Crous.objects.all()
    crous_ids = {role.crous_id for role in roles_of(user) if role.role == StaffRole.Role.DSI and role.crous_id}
    crous_ids |= {
        residence.crous_id
        for role in roles_of(user) if role.role == StaffRole.Role.MANAGER
        for residence in role.residences.all()
    }
    return Crous.objects.filter(pk__in=crous_ids)


def visible_residences(user) -> QuerySet:
    from planetcampus.estate.models import Residence

    if is_operator(user):
        return Residence.objects.all()
    crous_ids = [role.crous_id for role in roles_of(user) if role.role == StaffRole.Role.DSI and role.crous_id]
    residence_ids = [
        residence.pk
        for role in roles_of(user) if role.role == StaffRole.Role.MANAGER
        for residence in role.residences.all()
    ]
    return Residence.objects.filter(crous_id__in=crous_ids) | Residence.objects.filter(pk__in=residence_ids)


def scope_by_residence(user, queryset: QuerySet, field: str = "residence") -> QuerySet:
    """Narrow any queryset whose rows belong to a residence through `field`."""
    if is_operator(user):
        return queryset
    return queryset.filter(**{f"{field}__in": visible_residences(user).values("pk")})


def scope_by_crous(user, queryset: QuerySet, field: str = "crous") -> QuerySet:
    if is_operator(user):
        return queryset
    return queryset.filter(**{f"{field}__in": visible_crous(user).values("pk")})


def require_operator(user) -> None:
    if not is_operator(user):
        raise PermissionDenied("Operator staff only.")


def require_staff(user) -> None:
    if not is_staff_member(user):
        raise PermissionDenied("Staff only.")
