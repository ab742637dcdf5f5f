"""Back office of the AAA back end: offer terms are edited here; logs are read-only.

Connection logs and exports are evidence for lawful requests, so the back
office can neither change nor delete them (the purge command does, after
the retention period).
"""

from django.contrib import admin

from planetcampus.aaa.models import AccountingSession, DailyUsage, Device, DynamicAuthorization, LawfulExport, OfferProfile


@admin.register(OfferProfile)
class OfferProfileAdmin(admin.ModelAdmin):
    list_display = ["offer", "account_kind", "down_kbps", "up_kbps", "idle_timeout", "interim_interval", "vlan"]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["mac", "user", "name", "residence", "randomised", "reconnect_allowed", "last_seen"]
    search_fields = ["mac", "user__email", "name"]
    list_filter = ["randomised", "reconnect_allowed"]
    raw_id_fields = ["user", "residence"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountingSession)
class AccountingSessionAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "stopped_at", "account", "mac", "framed_ip", "nas_identifier", "closed_by"]
    search_fields = ["mac", "account", "framed_ip", "acct_session_id", "unique_id"]
    list_filter = ["closed_by"]
    date_hierarchy = "started_at"


@admin.register(DynamicAuthorization)
class DynamicAuthorizationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "nas", "reason", "outcome", "error_cause", "attempts"]
    list_filter = ["kind", "outcome"]


@admin.register(LawfulExport)
class LawfulExportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "reference", "requested_by", "rows", "sha256"]


@admin.register(DailyUsage)
class DailyUsageAdmin(admin.ModelAdmin):
    list_display = ["day", "user", "device", "input_octets", "output_octets"]
    list_filter = ["device__residence__crous", "day"]
    search_fields = ["user__email", "device__mac"]
    list_select_related = ["user", "device"]
    raw_id_fields = ["user", "device"]
