from django.urls import path

from kinship.core import staffauth_views

app_name = "staff_2fa"
urlpatterns = [
    path("", staffauth_views.manage, name="manage"),
    path("set-up/", staffauth_views.setup, name="setup"),
    path("verify/", staffauth_views.verify, name="verify"),
]
