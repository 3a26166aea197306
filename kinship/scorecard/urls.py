from django.urls import path

from kinship.scorecard import views

app_name = "scorecard"
urlpatterns = [
    path("allowance-calculator/", views.calculator, name="calculator"),
    path("allowance-calculator/answer/", views.allowance_answer, name="allowance_answer"),
    path("scorecard/reply/<str:token>/", views.reply, name="reply"),
]
