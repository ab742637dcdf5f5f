from django.urls import path

from planetcampus.estate import views

app_name = "estate"

urlpatterns = [
    path("", views.operator_home, name="operator-home"),
    path("crous/<slug:code>/", views.crous_detail, name="crous-detail"),
    path("residences/import/", views.residence_import, name="residence-import"),
    path("residences/", views.residence_list, name="residence-list"),
    path("residences/<slug:code>/", views.residence_detail, name="residence-detail"),
]
