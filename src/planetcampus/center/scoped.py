"""Lookups of center objects through the staff member's scope.

Every center view finds its residence, code, resident or booking here, so
an object outside the scope is a 404 whatever URL was typed.
"""

from django.shortcuts import get_object_or_404

from planetcampus.access.models import CodeBatch, ConnectionCode, Resident
from planetcampus.accounts.scoping import scope_by_residence, visible_residences
from planetcampus.center.models import OnboardingBooking


def residence_or_404(user, code: str):
    return get_object_or_404(visible_residences(user).select_related("crous"), code=code)


def codes_of(user):
    return scope_by_residence(user, ConnectionCode.objects.select_related("residence__crous", "redeemed_by"))


def code_or_404(user, pk: int) -> ConnectionCode:
    return get_object_or_404(codes_of(user), pk=pk)


def batch_or_404(user, residence, pk) -> CodeBatch:
    return get_object_or_404(scope_by_residence(user, CodeBatch.objects.filter(residence=residence)), pk=pk)


def residents_of(user):
    return scope_by_residence(user, Resident.objects.select_related("residence__crous", "dwelling", "user"))


def resident_or_404(user, pk: int) -> Resident:
    return get_object_or_404(residents_of(user), pk=pk)


def booking_or_404(user, pk: int) -> OnboardingBooking:
    bookings = scope_by_residence(user, OnboardingBooking.objects.select_related("slot", "residence__crous", "booked_by"))
    return get_object_or_404(bookings, pk=pk)
