from django.urls import path

from kinship.petitions import views

app_name = "petitions"
urlpatterns = [
    path("petitions/<slug:slug>/", views.petition_detail, name="detail"),
    path("petitions/<slug:slug>/check-your-email/", views.check_email, name="check_email"),
    path("petitions/<slug:slug>/constituencies/<str:code>/", views.constituency, name="constituency"),
    path("petitions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("petitions/hand-in/<str:token>/hand-in.pdf", views.handin_pdf, name="handin_pdf"),
]
