"""The site's public pages, under the URL names they have always had (pages, emails and
integrators use them): the campaign page joins the `campaigns` namespace beside the campaigns
app's own pages, "Your area" keeps `geography:` and the postcode API `geography_api:`.
`config/urls.py` includes these three groups."""

from __future__ import annotations

from django.urls import path, re_path

from kinship.campaigns import urls as campaigns_urls
from kinship.scorecard import urls as scorecard_app_urls
from kinship.site import api, areas, champions, scorecard_views, views

campaign_urls = (
    [
        *campaigns_urls.urlpatterns,
        path("campaigns/<slug:slug>/", views.campaign_detail, name="detail"),
        path("campaigns/<slug:slug>/take-action/", views.campaign_take_action, name="take_action"),
    ],
    campaigns_urls.app_name,
)

area_urls = (
    [
        path("your-area/", views.your_area, name="your_area"),
        path("your-area/council/", views.council_choose, name="council_choose"),
    ],
    "geography",
)

api_urls = (
    [
        re_path(r"^postcodes/(?P<postcode>[^/]+)/?$", api.postcode_detail, name="postcode"),
    ],
    "geography_api",
)

# Maps and area pages (kinship.site.areas); the area API sits with the other API routes.
maps_urls = (
    [
        path("maps/", areas.maps, name="maps"),
        path("areas/<str:code>/", areas.area_detail, name="detail"),
        path("areas/<str:code>/figures.csv", areas.area_csv, name="csv"),
    ],
    "areas",
)

areas_api_urls = (
    [
        re_path(r"^areas/(?P<code>[A-Za-z0-9]{9})/?$", areas.area_api, name="detail"),
    ],
    "areas_api",
)

# The scorecard's own pages (table, calculator, reply) with the pages that combine apps: a
# council's scorecard with its people, the postcode checker, "ask your council to fix this".
scorecard_urls = (
    [
        *scorecard_app_urls.urlpatterns,
        path("scorecard/councils/<str:code>/", scorecard_views.council_scorecard, name="council"),
        path("scorecard/councils/<str:code>/ask/", scorecard_views.council_ask, name="ask"),
        path("scorecard/check/", scorecard_views.scorecard_check, name="check"),
    ],
    scorecard_app_urls.app_name,
)

# A Campaign Champion's page for their area (private link); signing up is kinship.supporters'.
champion_urls = (
    [path("campaign-champions/area/<str:token>/", champions.champion_area, name="area")],
    "champions",
)
