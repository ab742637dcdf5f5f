from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from planetcampus.accounts.models import StaffRole, User


class StaffRoleInline(admin.StackedInline):
    model = StaffRole
    extra = 0
    filter_horizontal = ["residences"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "kind", "is_active", "date_joined"]
    list_filter = ["kind", "is_active", "is_staff", "staff_roles__role", "staff_roles__crous"]
    search_fields = ["email", "first_name", "last_name", "phone"]
    inlines = [StaffRoleInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal data"), {"fields": ["first_name", "last_name", "phone", "language", "kind", "sso_subject"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "kind", "password1", "password2"]})]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "crous"]
    list_filter = ["role", "crous"]
    search_fields = ["user__email"]
    filter_horizontal = ["residences"]
