"""The campaigns app's own pages. `kinship.site.urls` adds the campaign page (which combines
apps) to this namespace, so `campaigns:detail` keeps its name."""

from django.urls import path

from kinship.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.home, name="home"),
    path("commitments/", views.commitments, name="commitments"),
    path("campaigns/<slug:slug>/supporters/", views.supporter_count_fragment, name="supporter_count"),
]
