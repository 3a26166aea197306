"""Who may do what in the assessment workflow: Django permissions on Assessment, given to two
groups kept in step after every migrate. Assessors answer what they are assigned and audit
other people's work; managers assign, open the right of reply, decide and publish."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

ASSESSORS = "Scorecard assessors"
MANAGERS = "Scorecard managers"
ASSESS = "scorecard.assess_assessment"
AUDIT = "scorecard.audit_assessment"
MANAGE = "scorecard.manage_assessment"

GROUPS = {
    ASSESSORS: ["assess_assessment", "audit_assessment", "view_assessment"],
    MANAGERS: [
        "assess_assessment",
        "audit_assessment",
        "manage_assessment",
        "view_assessment",
        "view_watchedpage",
        "change_watchedpage",
    ],
}


def ensure_scorecard_groups(**kwargs: Any) -> None:
    """Create or refresh the scorecard groups (connected to post_migrate)."""
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="scorecard", codename__in=codenames)
        )
