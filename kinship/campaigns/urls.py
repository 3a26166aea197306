from django.urls import path

from kinship.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.home, name="home"),
    path("commitments/", views.commitments, name="commitments"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="detail"),
    path("campaigns/<slug:slug>/supporters/", views.supporter_count_fragment, name="supporter_count"),
]
