from django.urls import path

from planetcampus.eduroam import api, views

app_name = "eduroam"

urlpatterns = [
    path("", views.home, name="home"),
    path("residences/<slug:code>/", views.residence_detail, name="residence"),
    path("residences/<slug:code>/toggle/", views.toggle, name="toggle"),
    path("proxies/", views.proxies, name="proxies"),
    # Machine interface: FreeRADIUS posts each authentication record here.
    path("radius/authentications/", api.authentications, name="radius-authentications"),
]
