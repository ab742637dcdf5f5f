from django.contrib import admin

from planetcampus.reporting.models import Incident, IngestRun, SlaContract


@admin.register(SlaContract)
class SlaContractAdmin(admin.ModelAdmin):
    list_display = ["name", "gtr_hours", "gtr_clock", "evening_weekdays", "availability_target_pct", "is_default"]
    filter_horizontal = ["residences"]
    search_fields = ["name"]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["residence", "started_at", "ended_at", "responsibility", "planned", "title", "site_informed"]
    list_filter = ["responsibility", "planned", "site_informed", "residence__crous"]
    search_fields = ["residence__name", "residence__code", "title"]
    autocomplete_fields = ["residence"]
    date_hierarchy = "started_at"
    readonly_fields = ["created_by", "created_at", "updated_at"]


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "file_format", "started_at", "rows_read", "rows_added", "duplicates", "gap_count"]
    list_filter = ["file_format"]
    readonly_fields = [field.name for field in IngestRun._meta.fields] + ["residences"]
    search_fields = ["file_name"]
