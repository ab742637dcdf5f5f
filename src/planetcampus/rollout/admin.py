"""Read-only back-office views of the rollout history.

The history is append-only and every change goes through rollout.services
(which writes the audit log), so the admin lists rows but never edits them.
"""

from django.contrib import admin

from planetcampus.rollout.models import CountRow, CountTable, GlobalFigure, Meeting, ResidenceStatusChange


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResidenceStatusChange)
class ResidenceStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["residence", "topic", "status", "effective_on", "recorded_at", "recorded_by", "source"]
    list_filter = ["topic", "status", "residence__crous"]
    search_fields = ["residence__name", "residence__code"]
    date_hierarchy = "effective_on"
    list_select_related = ["residence", "recorded_by"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["crous", "kind", "meeting_on", "replaces_on", "cancelled", "effective_on", "source"]
    list_filter = ["kind", "crous"]


class CountRowInline(admin.TabularInline):
    model = CountRow
    fields = ["crous", "counts", "line"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CountTable)
class CountTableAdmin(ReadOnlyAdmin):
    list_display = ["kind", "as_of", "recorded_at", "recorded_by", "source"]
    list_filter = ["kind"]
    inlines = [CountRowInline]


@admin.register(GlobalFigure)
class GlobalFigureAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "as_of", "precision", "percent", "count", "source"]


@admin.register(CountRow)
class CountRowAdmin(admin.ModelAdmin):
    """Rows of imported count tables, read-only like the history they belong to."""

    list_display = ["table", "crous", "counts", "line"]
    list_filter = ["crous", "table__kind"]
    search_fields = ["crous__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
