from django.urls import path

from planetcampus.rollout import views

app_name = "rollout"

urlpatterns = [
    path("", views.home, name="home"),
    path("export.<str:fmt>", views.export, name="export"),
    path("report.pdf", views.report_pdf, name="report-pdf"),
    path("charts/progress.svg", views.chart_progress, name="chart-progress"),
    path("charts/<str:kind>.svg", views.chart_crous, name="chart-crous"),
    path("crous/<slug:code>/", views.crous_residences, name="crous"),
    path("crous/<slug:code>/meetings/", views.record_crous_meeting, name="crous-meeting"),
    path("residence/<slug:code>/", views.residence_history, name="residence"),
    path("import/", views.import_tables, name="import"),
]
