"""The site's public pages, under the URL names they have always had (pages, emails and
integrators use them): the campaign page joins the `campaigns` namespace beside the campaigns
app's own pages, "Your area" keeps `geography:` and the postcode API `geography_api:`.
`config/urls.py` includes these three groups."""

from __future__ import annotations

from django.urls import path, re_path

from kinship.campaigns import urls as campaigns_urls
from kinship.site import api, views

campaign_urls = (
    [
        *campaigns_urls.urlpatterns,
        path("campaigns/<slug:slug>/", views.campaign_detail, name="detail"),
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
