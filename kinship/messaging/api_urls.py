from django.urls import path

from kinship.core.webhooks import provider_tracking_webhook
from kinship.messaging import api

app_name = "messaging_api"
urlpatterns = [
    path("actions", api.actions_list, name="actions"),
    path("actions/<slug:slug>/submissions", api.submission_create, name="submissions"),
    # The configured mail provider's tracking webhook (bounces), and only that one.
    path("anymail/<slug:provider>/tracking/", provider_tracking_webhook, name="provider_tracking"),
]
