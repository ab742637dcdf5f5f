"""Onboarding calls: managers book a slot; operators publish slots and see bookings and flyer orders."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from planetcampus.accounts.decorators import operator_required, staff_required
from planetcampus.accounts.scoping import is_operator
from planetcampus.center.forms import BookingForm, SlotForm
from planetcampus.center.models import OnboardingBooking, OnboardingSlot
from planetcampus.center.scoped import booking_or_404, residence_or_404
from planetcampus.center.services import onboarding
from planetcampus.core.clock import now


@staff_required
def book(request, code):
    residence = residence_or_404(request.user, code)
    current = (OnboardingBooking.objects.filter(residence=residence, cancelled_at__isnull=True)
               .select_related("slot", "booked_by").first())
    initial = {"contact_phone": request.user.phone} if request.user.phone else {}
    form = BookingForm(request.POST or None, slots=onboarding.open_slots(), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        booking_request = onboarding.BookingRequest(
            slot_id=data["slot"].pk, contact_phone=data["contact_phone"], flyer_quantity=data["flyer_quantity"],
            flyer_languages=data["flyer_languages"], comment=data["comment"])
        try:
            onboarding.book(request.user, residence, booking_request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your call is booked. A confirmation with a calendar invitation was sent to %(email)s.")
                             % {"email": request.user.email})
            return redirect("center:onboarding-book", code=residence.code)
    return render(request, "center/onboarding_book.html",
                  {"residence": residence, "form": form, "current": current, "slots_open": form.fields["slot"].queryset.exists()})


@staff_required
@require_POST
def cancel(request, pk):
    booking = booking_or_404(request.user, pk)
    onboarding.cancel(request.user, booking)
    messages.success(request, _("The call is cancelled."))
    if request.POST.get("next") == reverse("center:onboarding") and is_operator(request.user):
        return redirect("center:onboarding")
    return redirect("center:onboarding-book", code=booking.residence.code)


@operator_required
def manage(request):
    """Show the operator's page: publish slots, see bookings and flyer orders."""
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slots = onboarding.publish_slots(request.user, first_start=data["first_start"], minutes=data["minutes"],
                                             count=data["count"], host=data["host"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, ngettext("%(count)d slot published.", "%(count)d slots published.", len(slots))
                             % {"count": len(slots)})
            return redirect("center:onboarding")
    upcoming = (OnboardingSlot.objects.filter(withdrawn_at__isnull=True, ends_at__gte=now())
                .prefetch_related("bookings__residence", "bookings__booked_by"))
    bookings = _bookings()
    flyer_total = bookings.aggregate(total=Sum("flyer_quantity"))["total"] or 0
    return render(request, "center/onboarding_manage.html",
                  {"form": form, "slots": upcoming, "bookings": bookings, "flyer_total": flyer_total})


def _bookings():
    return (OnboardingBooking.objects.filter(cancelled_at__isnull=True)
            .select_related("slot", "residence__crous", "booked_by").order_by("slot__starts_at"))


@operator_required
@require_POST
def withdraw(request, pk):
    slot = get_object_or_404(OnboardingSlot, pk=pk)
    try:
        onboarding.withdraw_slot(request.user, slot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The slot is withdrawn."))
    return redirect("center:onboarding")


@operator_required
def bookings_export(request):
    """CSV of the bookings with their flyer orders, for the print shop and the callers."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="onboarding-bookings.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Call"), _("CROUS"), _("Residence"), _("Manager"), _("Phone to call"), _("Printed flyers"),
                     _("Flyer languages"), _("Comment")])
    for booking in _bookings():
        writer.writerow([booking.slot.starts_at.isoformat(), booking.residence.crous.name, booking.residence.name,
                         booking.booked_by.email if booking.booked_by else "", booking.contact_phone,
                         booking.flyer_quantity, " ".join(booking.flyer_languages), booking.comment])
    return response
