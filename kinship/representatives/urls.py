from django.urls import path

from kinship.representatives import views

app_name = "representatives"
urlpatterns = [
    path("people/<int:office_id>/is-this-wrong/", views.correction_report, name="correction_report"),
    path("people/is-this-wrong/thank-you/", views.correction_thanks, name="correction_thanks"),
]
