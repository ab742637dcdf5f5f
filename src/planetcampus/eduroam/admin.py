from django.contrib import admin

from planetcampus.eduroam.models import Authentication, FederationProxy


@admin.register(FederationProxy)
class FederationProxyAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "port", "priority", "active"]
    list_editable = ["priority", "active"]


@admin.register(Authentication)
class AuthenticationAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "residence", "outer_identity", "mac", "result", "reason", "cui"]
    list_filter = ["result", "reason"]
    search_fields = ["outer_identity", "mac", "cui", "realm"]
    date_hierarchy = "occurred_at"

    # Legal records: read only, deleted only by the retention purge.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
