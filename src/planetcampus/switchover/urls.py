from django.urls import path, re_path

from planetcampus.switchover import views

app_name = "switchover"

urlpatterns = [
    path("", views.home, name="home"),
    path("trajectory.svg", views.trajectory_svg, name="trajectory"),
    path("residences/<slug:code>/", views.residence, name="residence"),
    path("residences/<slug:code>/hold/", views.hold, name="hold"),
    path("residences/<slug:code>/steps/<slug:kind>/<slug:action>/", views.step, name="step"),
    path("holds/<int:pk>/release/", views.release, name="release"),
    re_path(r"^waves/(?P<day>\d{4}-\d{2}-\d{2})/$", views.wave, name="wave"),
    re_path(r"^waves/(?P<day>\d{4}-\d{2}-\d{2})/list\.(?P<extension>csv|xlsx)$", views.wave_list, name="wave-list"),
]
