from django.urls import include, path

from kinship.messaging import api

app_name = "messaging_api"
urlpatterns = [
    path("actions", api.actions_list, name="actions"),
    path("actions/<slug:slug>/submissions", api.submission_create, name="submissions"),
    # Provider tracking webhooks (bounces): /api/v1/anymail/<provider>/tracking/
    path("anymail/", include("anymail.urls")),
]
