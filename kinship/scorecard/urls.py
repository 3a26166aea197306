from django.urls import path

from kinship.scorecard import views

app_name = "scorecard"
urlpatterns = [
    path("allowance-calculator/", views.calculator, name="calculator"),
    path("allowance-calculator/answer/", views.allowance_answer, name="allowance_answer"),
    path("scorecard/", views.table, name="table"),
    path("scorecard/how-we-score/", views.how_we_score, name="how_we_score"),
    path("scorecard/kinship-council-scorecard.csv", views.table_csv, name="csv"),
    path("scorecard/reply/<str:token>/", views.reply, name="reply"),
]
