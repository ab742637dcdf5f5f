from django.contrib import admin

from planetcampus.switchover.models import Entry, Hold, Notice, Step, Template, Wave


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "language", "subject"]
    list_filter = ["kind", "language"]


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0
    raw_id_fields = ["residence"]


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ["switch_on", "selected_at"]
    inlines = [EntryInline]


@admin.register(Hold)
class HoldAdmin(admin.ModelAdmin):
    list_display = ["residence", "reason", "until", "created_by", "created_at", "released_at"]
    raw_id_fields = ["residence"]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["residence", "kind", "state", "changed_by", "changed_at"]
    list_filter = ["kind", "state"]
    readonly_fields = ["residence", "kind", "state", "changed_by", "changed_at", "data"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["wave", "kind", "residence", "recipient", "delivery_status"]
    list_filter = ["kind", "wave"]
    raw_id_fields = ["residence", "message"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["residence", "wave", "status", "compatible_since"]
    list_filter = ["status", "residence__crous", "wave"]
    search_fields = ["residence__name", "residence__code"]
    list_select_related = ["residence", "wave"]
