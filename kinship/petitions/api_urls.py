from django.urls import path

from kinship.petitions import api

app_name = "petitions_api"
urlpatterns = [
    path("actions/<slug:slug>/counts", api.counts, name="counts"),
]
