from django.contrib import admin

from planetcampus.access.models import CodeBatch, ConnectionCode, Resident


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "residence", "dwelling", "arrival_on", "departure_on", "user"]
    list_filter = ["residence__crous", "residence"]
    search_fields = ["last_name", "first_name", "email", "phone", "external_id"]
    list_select_related = ["residence", "dwelling", "user"]
    raw_id_fields = ["dwelling", "user"]


@admin.register(ConnectionCode)
class ConnectionCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "residence", "valid_from", "valid_until", "redeemed_by", "revoked_at"]
    list_filter = ["kind", "residence__crous"]
    search_fields = ["code", "note", "redeemed_by__email"]
    list_select_related = ["residence", "redeemed_by"]
    raw_id_fields = ["resident", "redeemed_by", "created_by", "revoked_by"]


@admin.register(CodeBatch)
class CodeBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "residence", "size", "created_by", "note"]
    list_filter = ["residence__crous"]
    search_fields = ["note", "residence__name", "created_by__email"]
    list_select_related = ["residence", "created_by"]
