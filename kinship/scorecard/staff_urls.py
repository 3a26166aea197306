from django.urls import path

from kinship.scorecard import staff_views

app_name = "scorecard_staff"
urlpatterns = [
    path("", staff_views.index, name="index"),
    path("assign/", staff_views.assign, name="assign"),
    path("<int:assessment_id>/", staff_views.detail, name="detail"),
    path("<int:assessment_id>/answer/<int:criterion_id>/", staff_views.answer, name="answer"),
    path("<int:assessment_id>/submit/", staff_views.submit, name="submit"),
    path("<int:assessment_id>/audit/", staff_views.audit, name="audit"),
    path("<int:assessment_id>/open-reply/", staff_views.open_reply, name="open_reply"),
    path("<int:assessment_id>/publish/", staff_views.publish, name="publish"),
    path("replies/<int:reply_id>/decide/", staff_views.decide, name="decide"),
    path("evidence/", staff_views.flagged, name="flagged"),
    path("evidence/<int:page_id>/checked/", staff_views.flagged_reviewed, name="flagged_reviewed"),
]
