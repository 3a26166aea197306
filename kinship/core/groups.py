"""The three staff permission groups, kept in step with the models after every migrate."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CAMPAIGN_EDITORS = "Campaign editors"
DATA_STEWARDS = "Data stewards"
MODERATORS = "Moderators"

# group → (app labels whose every permission it gets, extra "app.codename" permissions)
GROUP_PERMISSIONS: dict[str, tuple[list[str], list[str]]] = {
    CAMPAIGN_EDITORS: (
        ["campaigns", "petitions", "localcampaigns"],
        ["messaging.view_message", "supporters.approve_champion", "supporters.view_champion"],
    ),
    DATA_STEWARDS: (
        ["geography", "representatives", "supporters", "stats"],
        ["core.view_deadletter", "core.change_deadletter", "core.view_outboundemail"],
    ),
    MODERATORS: (["messaging"], ["supporters.view_supporter", "petitions.handle_signatures"]),
}


def ensure_staff_groups(**kwargs: Any) -> None:
    """Create or refresh the staff groups (connected to post_migrate)."""
    for name, (app_labels, extra) in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        query = Q(content_type__app_label__in=app_labels)
        for dotted in extra:
            app_label, codename = dotted.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(query))
