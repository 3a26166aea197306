from django.urls import path

from kinship.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("people/no-lead-member/", views.lead_member_gaps, name="lead_member_gaps"),
    path("people/councils/", views.councils, name="councils"),
    path("people/stale/", views.stale, name="stale"),
    path("people/corrections/", views.corrections, name="corrections"),
    path("people/corrections/<int:report_id>/resolve/", views.correction_resolve, name="correction_resolve"),
    path("people/corrections/<int:report_id>/reject/", views.correction_reject, name="correction_reject"),
]
