from django.urls import path  # noqa: F401

app_name = "geography_api"
urlpatterns: list = []
