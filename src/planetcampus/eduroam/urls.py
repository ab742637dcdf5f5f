from django.urls import path

from planetcampus.core.views import placeholder

app_name = "eduroam"

# Replaced by the app's own views as it is built.
urlpatterns = [
    path("", placeholder, name="home"),
]
