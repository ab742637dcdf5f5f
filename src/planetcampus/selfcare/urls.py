from django.urls import path

from planetcampus.selfcare import account_views, staff_views, views

app_name = "selfcare"

urlpatterns = [
    path("", views.home, name="home"),
    path("wifi/", views.wifi, name="wifi"),
    path("wifi/subscribe/", views.subscribe, name="subscribe"),
    path("wifi/reset/", views.reset_key, name="reset-key"),
    path("wifi/renew/", views.renew, name="renew"),
    path("wifi/cancel/", views.cancel, name="cancel"),
    path("wifi/devices/add/", views.add_device, name="add-device"),
    path("wifi/devices/<int:device_id>/rename/", views.rename_device, name="rename-device"),
    path("wifi/devices/<int:device_id>/remove/", views.remove_device, name="remove-device"),
    path("wifi/registered/<int:bound_id>/remove/", views.remove_device, name="remove-registered"),
    path("account/", account_views.account, name="account"),
    path("account/profile/", account_views.update_profile, name="update-profile"),
    path("account/password/", account_views.change_password, name="change-password"),
    path("account/email/", account_views.request_email_change, name="change-email"),
    path("account/email/confirm/<str:token>/", account_views.confirm_email, name="confirm-email"),
    path("account/data.json", account_views.download_data, name="download-data"),
    path("account/delete/", account_views.delete_account, name="delete-account"),
    path("help/", views.help_page, name="help"),
    path("documents/<slug:slug>/", views.document, name="document"),
    path("staff/<slug:code>/", staff_views.residence_subscriptions, name="staff-residence"),
    path("staff/<slug:code>/wpa_psk_file", staff_views.download_psk_file, name="staff-psk-file"),
    path("staff/subscriptions/<int:pk>/validity/", staff_views.set_validity, name="staff-validity"),
]
