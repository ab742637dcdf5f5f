from django.urls import path

from planetcampus.aaa import api, views

app_name = "aaa"

urlpatterns = [
    path("", views.home, name="home"),
    path("lawful-export/", views.lawful_export, name="lawful-export"),
    path("authorize/", api.authorize, name="authorize"),
    path("accounting/", api.accounting_view, name="accounting"),
]
