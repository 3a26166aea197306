from django.urls import path

from kinship.messaging import views

app_name = "messaging"
urlpatterns = [
    path("actions/<slug:slug>/", views.action_detail, name="action_detail"),
    path("actions/<slug:slug>/write/", views.action_write, name="action_write"),
    path("actions/<slug:slug>/call/", views.action_call, name="action_call"),
    path("actions/<slug:slug>/check-your-email/", views.check_email, name="check_email"),
    path(
        "actions/<slug:slug>/check-your-email/<str:token>/", views.check_email_sent, name="check_email_sent"
    ),
    path("messages/confirm/<str:token>/", views.confirm, name="confirm"),
    path("letters/<str:token>/", views.letter_ready, name="letter_ready"),
    path("letters/<str:token>/letter.pdf", views.letter_download, name="letter_pdf"),
    path("letters/<str:token>/posted/", views.letter_posted, name="letter_posted"),
    path("messages/reply/<str:token>/", views.reply, name="reply"),
    path("messages/follow-up/<str:token>/", views.followup, name="followup"),
    path("my-actions/", views.my_actions_request, name="my_actions_request"),
    path("my-actions/<str:token>/", views.my_actions, name="my_actions"),
    path("my-actions/<str:token>/erase/", views.my_actions_erase, name="my_actions_erase"),
]
