from django.urls import path

from kinship.scorecard import api

app_name = "scorecard_api"
urlpatterns = [
    path("allowances/minimum", api.allowance_minimum, name="allowance_minimum"),
    path("councils/<str:code>/scorecard", api.council_scorecard, name="council_scorecard"),
]
