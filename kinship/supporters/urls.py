from django.urls import path

from kinship.supporters import champion_views, views

app_name = "supporters"
urlpatterns = [
    path("campaigns/<slug:slug>/join/", views.join, name="join"),
    path("campaigns/<slug:slug>/join/check-your-email/", views.join_check_email, name="join_check_email"),
    path(
        "campaigns/<slug:slug>/join/check-your-email/<str:token>/",
        views.join_check_email_sent,
        name="join_check_email_sent",
    ),
    path("join/confirm/<str:token>/", views.join_confirm, name="join_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("your-data/", views.data_request, name="data_request"),
    path("your-data/erased/", views.data_erased, name="data_erased"),
    path("your-data/<str:token>/", views.data_manage, name="data_manage"),
    path("your-data/<str:token>/download/", views.data_download, name="data_download"),
    path("your-data/<str:token>/erase/", views.data_erase, name="data_erase"),
]

urlpatterns += [
    path("campaign-champions/", champion_views.champion_signup, name="champion_signup"),
    path(
        "campaign-champions/check-your-email/",
        champion_views.champion_check_email,
        name="champion_check_email",
    ),
    path("campaign-champions/confirm/<str:token>/", champion_views.champion_confirm, name="champion_confirm"),
    path("campaign-champions/your-link/", champion_views.champion_link, name="champion_link"),
]
