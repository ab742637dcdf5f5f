from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from planetcampus.accounts.scoping import scope_by_residence
from planetcampus.selfcare.models import BoundDevice, FaqEntry, FaqTranslation, PairwiseMasterKey, PrivateWifiSubscription


class FaqTranslationInline(admin.StackedInline):
    model = FaqTranslation
    extra = 0
    min_num = 1


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    """The operator writes each question once per language; French is the fallback."""

    list_display = ["slug", "position", "published", "languages"]
    list_editable = ["position", "published"]
    inlines = [FaqTranslationInline]

    @admin.display(description=_("languages"))
    def languages(self, entry):
        return ", ".join(sorted(translation.language for translation in entry.translations.all()))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")


class BoundDeviceInline(admin.TabularInline):
    model = BoundDevice
    extra = 0
    fields = ["mac", "name", "source", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(PrivateWifiSubscription)
class PrivateWifiSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "residence", "vlan", "valid_until", "validity_source", "cancelled_at"]
    list_filter = ["validity_source", "residence__crous"]
    search_fields = ["user__email", "user__last_name", "residence__name"]
    # The key is the resident's secret: shown to them, never editable here;
    # a reset goes through selfcare.services.reset_key.
    exclude = ["key"]
    readonly_fields = ["user", "residence", "vlan", "subscribed_at", "key_changed_at", "renewed_at"]
    inlines = [BoundDeviceInline]

    def get_queryset(self, request):
        return scope_by_residence(request.user, super().get_queryset(request).select_related("user", "residence"))


@admin.register(BoundDevice)
class BoundDeviceAdmin(admin.ModelAdmin):
    list_display = ["mac", "name", "residence", "subscription", "source", "created_at"]
    list_filter = ["residence__crous", "source"]
    search_fields = ["mac", "name", "subscription__user__email"]
    list_select_related = ["residence", "subscription__user"]
    raw_id_fields = ["subscription"]


@admin.register(PairwiseMasterKey)
class PairwiseMasterKeyAdmin(admin.ModelAdmin):
    """Which SSIDs have a derived key; the key itself is never shown."""

    list_display = ["subscription", "ssid"]
    search_fields = ["ssid", "subscription__user__email"]
    fields = ["subscription", "ssid"]
    readonly_fields = ["subscription", "ssid"]

    def has_add_permission(self, request):
        return False


@admin.register(FaqTranslation)
class FaqTranslationAdmin(admin.ModelAdmin):
    list_display = ["question", "language", "entry"]
    list_filter = ["language"]
    search_fields = ["question", "answer"]
