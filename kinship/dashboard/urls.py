from django.urls import include, path, register_converter

from kinship.dashboard import (
    action_urls,
    campaign_builder,
    champions,
    dataprotection,
    exports,
    localcampaigns,
    moderation,
    petitions,
    stats,
    views,
    working,
)


class _ItemKind:
    """The parts of a campaign the builder edits one by one (so "actions/" is never one of them)."""

    regex = "ask|fact|news|commitment"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class _HistoryKind(_ItemKind):
    regex = "campaign|ask|fact|news|commitment"


register_converter(_ItemKind, "builderitem")
register_converter(_HistoryKind, "builderhistory")

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaigns/<int:campaign_id>/actions/", include(action_urls)),
    path("working/", working.working, name="working"),
    path("campaigns/", campaign_builder.campaign_list, name="campaign_builder_list"),
    path("campaigns/new/", campaign_builder.campaign_new, name="campaign_builder_new"),
    path("campaigns/<int:campaign_id>/", campaign_builder.campaign_detail, name="campaign_builder"),
    path("campaigns/<int:campaign_id>/edit/", campaign_builder.campaign_edit, name="campaign_builder_edit"),
    path(
        "campaigns/<int:campaign_id>/launch/",
        campaign_builder.campaign_launch,
        name="campaign_builder_launch",
    ),
    path(
        "campaigns/<int:campaign_id>/schedule/",
        campaign_builder.campaign_schedule,
        name="campaign_builder_schedule",
    ),
    path("campaigns/<int:campaign_id>/end/", campaign_builder.campaign_end, name="campaign_builder_end"),
    path(
        "campaigns/<int:campaign_id>/history/",
        campaign_builder.campaign_history_view,
        name="campaign_builder_history",
    ),
    path(
        "campaigns/<int:campaign_id>/history/<builderhistory:kind>/<int:history_id>/restore/",
        campaign_builder.campaign_restore,
        name="campaign_builder_restore",
    ),
    path(
        "campaigns/<int:campaign_id>/<builderitem:kind>/new/",
        campaign_builder.item_edit,
        name="campaign_builder_item_new",
    ),
    path(
        "campaigns/<int:campaign_id>/<builderitem:kind>/<int:item_id>/",
        campaign_builder.item_edit,
        name="campaign_builder_item",
    ),
    path(
        "campaigns/<int:campaign_id>/<builderitem:kind>/<int:item_id>/remove/",
        campaign_builder.item_remove,
        name="campaign_builder_item_remove",
    ),
    path(
        "campaigns/<int:campaign_id>/<builderitem:kind>/<int:item_id>/move/",
        campaign_builder.item_move,
        name="campaign_builder_item_move",
    ),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/decide/", moderation.decide, name="moderation_decide"),
    path("data-requests/", dataprotection.data_requests, name="data_requests"),
    path("exports/", exports.exports, name="exports"),
    path("exports/consenting-supporters.csv", exports.consenting_supporters_csv, name="exports_supporters"),
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
