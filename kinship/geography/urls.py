from django.urls import path

from kinship.geography import views

app_name = "geography"
urlpatterns = [
    path("your-area/", views.your_area, name="your_area"),
    path("your-area/council/", views.council_choose, name="council_choose"),
]
