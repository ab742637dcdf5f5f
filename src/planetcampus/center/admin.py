from django.contrib import admin

from planetcampus.center.models import OnboardingBooking, OnboardingSlot


@admin.register(OnboardingSlot)
class OnboardingSlotAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "ends_at", "host", "withdrawn_at"]
    list_filter = ["host"]
    search_fields = ["host"]
    date_hierarchy = "starts_at"


@admin.register(OnboardingBooking)
class OnboardingBookingAdmin(admin.ModelAdmin):
    list_display = ["slot", "residence", "booked_by", "contact_phone", "flyer_quantity", "cancelled_at"]
    list_filter = ["residence__crous"]
    search_fields = ["residence__name", "booked_by__email", "contact_phone"]
    list_select_related = ["slot", "residence", "booked_by"]
