from django.urls import path

from planetcampus.center.views import api, codes, onboarding, residence, residents

app_name = "center"

urlpatterns = [
    path("", residence.home, name="home"),
    path("residences/<slug:code>/", residence.residence_detail, name="residence"),
    path("residences/<slug:code>/flyer.pdf", residence.flyer, name="flyer"),
    path("residences/<slug:code>/visitor-codes/", codes.visitor_codes, name="visitor-codes"),
    path("residences/<slug:code>/visitor-codes/print.pdf", codes.visitor_codes_print, name="visitor-codes-print"),
    path("residences/<slug:code>/visitor-codes.csv", codes.visitor_codes_export, name="visitor-codes-export"),
    path("codes/<int:pk>/", codes.code_detail, name="code-detail"),
    path("codes/<int:pk>/revoke/", codes.code_revoke, name="code-revoke"),
    path("residences/<slug:code>/residents/", residents.resident_list, name="residents"),
    path("residences/<slug:code>/residents.csv", residents.residents_export, name="residents-export"),
    path("residences/<slug:code>/residents/import/", residents.residents_import, name="residents-import"),
    path("residences/<slug:code>/residents/send-codes/", residents.residents_send_unsent, name="residents-send-unsent"),
    path("residents/<int:pk>/", residents.resident_detail, name="resident-detail"),
    path("residents/<int:pk>/send-code/", residents.resident_send, name="resident-send"),
    path("residents/<int:pk>/account/", residents.resident_account, name="resident-account"),
    path("residences/<slug:code>/onboarding/", onboarding.book, name="onboarding-book"),
    path("onboarding/bookings/<int:pk>/cancel/", onboarding.cancel, name="onboarding-cancel"),
    path("onboarding/", onboarding.manage, name="onboarding"),
    path("onboarding/bookings.csv", onboarding.bookings_export, name="onboarding-export"),
    path("onboarding/slots/<int:pk>/withdraw/", onboarding.withdraw, name="onboarding-withdraw"),
    path("api/residences/<slug:code>/", api.residence_summary, name="api-residence"),
    path("api/residences/<slug:code>/visitor-codes/", api.visitor_codes, name="api-visitor-codes"),
]
