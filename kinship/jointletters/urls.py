from django.urls import path

from kinship.jointletters.views import drawings, letters

app_name = "jointletters"
urlpatterns = [
    path("message/<str:token>/childs-drawing/", drawings.drawing_upload, name="drawing_upload"),
    path("childs-drawing/<str:token>/", drawings.drawing_file, name="drawing_file"),
    path("joint-letters/start/<slug:slug>/", letters.letter_start, name="letter_start"),
    path("joint-letters/manage/<str:token>/", letters.letter_manage, name="letter_manage"),
    path("joint-letters/sign/<str:token>/", letters.letter_sign, name="letter_sign"),
    path("joint-letters/signature/<str:token>/confirm/", letters.signature_confirm, name="signature_confirm"),
    path(
        "joint-letters/signature/<str:token>/withdraw/", letters.signature_withdraw, name="signature_withdraw"
    ),
]
