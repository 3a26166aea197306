from django.urls import re_path

from kinship.geography import api

app_name = "geography_api"
urlpatterns = [
    re_path(r"^postcodes/(?P<postcode>[^/]+)/?$", api.postcode_detail, name="postcode"),
]
