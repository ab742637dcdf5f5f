from django.urls import path

from planetcampus.portal import reset, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("code/", views.redeem_code, name="code"),
    path("account/", views.create_account, name="create-account"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("reconnect/", views.reconnect, name="reconnect"),
    path("sso/", views.sso_start, name="sso-start"),
    path("password/", reset.reset_request, name="reset"),
    path("password/sent/", reset.reset_sent, name="reset-sent"),
    path("password/<uidb64>/<token>/", reset.ResetConfirmView.as_view(), name="reset-confirm"),
    path("password/done/", reset.reset_done, name="reset-done"),
]
