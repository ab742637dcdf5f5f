from django.contrib import admin

from planetcampus.messaging.models import Attachment, Job, Message


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["filename", "content_type"]
    readonly_fields = fields


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["channel", "status"]
    search_fields = ["to", "key", "subject", "external_id"]
    readonly_fields = [field.name for field in Message._meta.fields]
    inlines = [AttachmentInline]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["due_at", "kind", "key", "status", "attempts", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["key"]
    readonly_fields = [field.name for field in Job._meta.fields]
