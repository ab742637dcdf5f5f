from django.urls import path

from planetcampus.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("export.<str:file_format>", views.export, name="export"),
    path("residence/<slug:code>/", views.residence_detail, name="residence"),
    path("residence/<slug:code>/incidents/new/", views.incident_new, name="incident-new"),
    path("residence/<slug:code>/incidents/<int:pk>/", views.incident_edit, name="incident-edit"),
]
