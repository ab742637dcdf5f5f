from django.contrib import admin

from planetcampus.portal.models import PortalLogin, PortalVisit


@admin.register(PortalVisit)
class PortalVisitAdmin(admin.ModelAdmin):
    """Read-only: visits are written by the portal only."""

    list_display = ["created_at", "nas", "client_mac", "client_ip", "ssid", "user", "signed_in_at", "session_ends_at"]
    list_filter = ["vendor", "gateway_verified"]
    search_fields = ["client_mac", "client_ip", "user__email"]
    exclude = ["sso_state", "sso_nonce", "sso_code_verifier"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PortalLogin)
class PortalLoginAdmin(admin.ModelAdmin):
    list_display = ["username", "user", "client_mac", "nas", "created_at", "expires_at", "used_at"]
    search_fields = ["username", "client_mac", "user__email"]
    exclude = ["password_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
