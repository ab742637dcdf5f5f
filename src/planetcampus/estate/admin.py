from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from planetcampus.estate.models import Crous, CrousAlias, DsiContact, Dwelling, Nas, Residence, Ssid


class CrousAliasInline(admin.TabularInline):
    model = CrousAlias
    extra = 0


class DsiContactInline(admin.TabularInline):
    model = DsiContact
    extra = 0


@admin.register(Crous)
class CrousAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "in_market", "residence_count"]
    list_filter = ["in_market"]
    search_fields = ["name", "code", "aliases__alias"]
    inlines = [CrousAliasInline, DsiContactInline]

    @admin.display(description=_("residences"))
    def residence_count(self, crous):
        return crous.residences.count()


class NasInline(admin.TabularInline):
    model = Nas
    extra = 0
    fields = ["identifier", "ip_address", "kind", "vendor", "secret_ref", "active"]


class SsidInline(admin.TabularInline):
    model = Ssid
    extra = 0


@admin.register(Residence)
class ResidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "crous", "city", "offer", "dwellings", "backhaul", "private_wifi_enabled", "eduroam_enabled"]
    list_filter = ["crous", "offer", "backhaul", "private_wifi_enabled", "eduroam_enabled"]
    search_fields = ["name", "code", "city", "address", "crous__name"]
    list_select_related = ["crous"]
    inlines = [NasInline, SsidInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "crous", "offer"]}),
        (_("Location"), {"fields": ["address", "postal_code", "city", "latitude", "longitude", "phone", "email"]}),
        (_("Dwellings and network"), {"fields": ["dwellings", "fibred_dwellings", "dwellings_note", "backhaul",
                                                 "backhaul_mbps", "target_bandwidth_mbps",
                                                 "private_wifi_enabled", "eduroam_enabled"]}),
        (_("Lifecycle"), {"fields": ["opened_on", "switched_over_on", "closed_on", "source"]}),
    ]


@admin.register(Nas)
class NasAdmin(admin.ModelAdmin):
    list_display = ["identifier", "residence", "kind", "vendor", "ip_address", "active"]
    list_filter = ["residence__crous", "vendor", "kind", "active"]
    search_fields = ["identifier", "ip_address", "residence__name"]
    list_select_related = ["residence"]


@admin.register(Ssid)
class SsidAdmin(admin.ModelAdmin):
    list_display = ["name", "residence", "purpose", "active"]
    list_filter = ["residence__crous", "purpose", "active"]
    search_fields = ["name", "residence__name"]


@admin.register(Dwelling)
class DwellingAdmin(admin.ModelAdmin):
    list_display = ["number", "residence", "fibred"]
    list_filter = ["residence__crous", "fibred"]
    search_fields = ["number", "residence__name"]


@admin.register(DsiContact)
class DsiContactAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "crous", "receives_switchover_lists"]
    list_filter = ["crous"]
    search_fields = ["name", "email"]


@admin.register(CrousAlias)
class CrousAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "crous"]
    list_filter = ["crous"]
    search_fields = ["alias", "crous__name"]
