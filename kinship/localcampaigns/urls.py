from django.urls import path

from kinship.localcampaigns.views import guide, journey

app_name = "localcampaigns"
urlpatterns = [
    path("campaign-in-your-council/", guide.start, name="start"),
    path("campaign-in-your-council/who/", guide.who, name="who"),
    path("campaign-in-your-council/what/", guide.what, name="what"),
    path("campaign-in-your-council/how/", guide.how, name="how"),
    path("campaign-in-your-council/when/", guide.when, name="when"),
    path("campaign-in-your-council/write/", guide.write, name="write"),
    path("campaign-journey/", journey.journey_request, name="journey_request"),
    path("campaign-journey/<str:token>/", journey.journey, name="journey"),
    path("campaign-journey/<str:token>/download.csv", journey.journey_download, name="journey_download"),
    path("campaign-journey/<str:token>/delete/", journey.journey_delete, name="journey_delete"),
    path(
        "campaign-journey/<str:token>/entries/<int:entry_id>/share/",
        journey.journey_entry_share,
        name="journey_share",
    ),
    path(
        "campaign-journey/<str:token>/entries/<int:entry_id>/delete/",
        journey.journey_entry_delete,
        name="journey_entry_delete",
    ),
]
