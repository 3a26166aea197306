from django.urls import path

from kinship.localcampaigns import views

app_name = "localcampaigns"
urlpatterns = [
    path("campaign-in-your-council/", views.start, name="start"),
    path("campaign-in-your-council/who/", views.who, name="who"),
    path("campaign-in-your-council/what/", views.what, name="what"),
    path("campaign-in-your-council/how/", views.how, name="how"),
    path("campaign-in-your-council/when/", views.when, name="when"),
    path("campaign-in-your-council/write/", views.write, name="write"),
]
