from django.urls import path

from kinship.core import views

app_name = "core"
urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("privacy/", views.privacy_page, name="privacy"),
    path("accessibility/", views.accessibility_page, name="accessibility"),
    path("dev/mail/", views.dev_mail_list, name="dev_mail_list"),
    path("dev/mail/<int:pk>/", views.dev_mail_detail, name="dev_mail_detail"),
]
