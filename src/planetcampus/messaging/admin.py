from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _, ngettext

from planetcampus.messaging.models import Attachment, Job, Message
from planetcampus.messaging.outbox import requeue


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
    actions = ["requeue_selected"]

    @admin.action(description=_("Queue the failed or cancelled messages again"))
    def requeue_selected(self, request, queryset):
        count = sum(requeue(message, actor=request.user) for message in queryset)
        self.message_user(request, ngettext("%(count)d message queued again.", "%(count)d messages queued again.",
                                            count) % {"count": count}, messages.SUCCESS)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["due_at", "kind", "key", "status", "attempts", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["key"]
    readonly_fields = [field.name for field in Job._meta.fields]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "content_type", "message"]
    search_fields = ["filename", "message__to"]
    exclude = ["content"]
    readonly_fields = ["filename", "content_type", "message"]

    def has_add_permission(self, request):
        return False
