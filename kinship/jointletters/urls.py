from django.urls import path

from kinship.jointletters.views import drawings

app_name = "jointletters"
urlpatterns = [
    path("message/<str:token>/childs-drawing/", drawings.drawing_upload, name="drawing_upload"),
    path("childs-drawing/<str:token>/", drawings.drawing_file, name="drawing_file"),
]
