from django.urls import path

from kinship.dashboard import (
    champions,
    dataprotection,
    localcampaigns,
    moderation,
    petitions,
    stats,
    views,
    working,
)

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("working/", working.working, name="working"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/decide/", moderation.decide, name="moderation_decide"),
    path("data-requests/", dataprotection.data_requests, name="data_requests"),
    path("data-requests/new/", dataprotection.data_request_new, name="data_request_new"),
    path("data-requests/<int:request_id>/take/", dataprotection.data_request_take, name="data_request_take"),
    path("data-requests/<int:request_id>/do/", dataprotection.data_request_do, name="data_request_do"),
    path("people/no-lead-member/", views.lead_member_gaps, name="lead_member_gaps"),
    path("people/councils/", views.councils, name="councils"),
    path("people/stale/", views.stale, name="stale"),
    path("people/corrections/", views.corrections, name="corrections"),
    path("people/corrections/<int:report_id>/resolve/", views.correction_resolve, name="correction_resolve"),
    path("people/corrections/<int:report_id>/reject/", views.correction_reject, name="correction_reject"),
    path("local/champions/", champions.champion_list, name="champions"),
    path("local/champions/<int:champion_id>/approve/", champions.champion_approve, name="champion_approve"),
    path("local/champions/<int:champion_id>/decline/", champions.champion_decline, name="champion_decline"),
    path("local/new-office-holders/", localcampaigns.new_office_holders, name="local_new_office_holders"),
    path("local/shared-journeys/", localcampaigns.shared_journeys, name="local_shared_journeys"),
    path(
        "local/shared-journeys.csv",
        localcampaigns.shared_journeys_export,
        name="local_shared_journeys_export",
    ),
    path("datasets/", stats.dataset_list, name="datasets"),
    path("datasets/import/", stats.dataset_import_view, name="dataset_import"),
    path("petitions/", petitions.petition_list, name="petitions"),
    path("petitions/<int:petition_id>/", petitions.petition_review, name="petition_review"),
    path("petitions/<int:petition_id>/clusters/void/", petitions.cluster_void, name="petition_cluster_void"),
    path("petitions/<int:petition_id>/held/", petitions.held_decide, name="petition_held"),
    path("petitions/<int:petition_id>/hand-in/", petitions.hand_in, name="petition_hand_in"),
    path("petitions/<int:petition_id>/signatures.csv", petitions.signatures_export, name="petition_export"),
    path("petitions/hand-ins/<int:hand_in_id>.pdf", petitions.hand_in_pdf, name="petition_hand_in_pdf"),
]
