"""The action builder's pages, under /staff/campaigns/<campaign_id>/actions/ (URL names in the
"dashboard" namespace)."""

from django.urls import path

from kinship.dashboard import action_builder as views

urlpatterns = [
    path("", views.action_list, name="action_list"),
    path("new/", views.action_new, name="action_new"),
    path("check-template/", views.check_template, name="action_check_template"),
    path("<int:action_id>/", views.action_edit, name="action_edit"),
    path("<int:action_id>/preview/", views.action_preview, name="action_preview"),
    path("<int:action_id>/publish/", views.action_publish_view, name="action_publish"),
    path("<int:action_id>/history/", views.action_history_view, name="action_history"),
    path(
        "<int:action_id>/history/<int:history_id>/restore/",
        views.action_restore_view,
        name="action_restore",
    ),
]
