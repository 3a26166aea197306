"""Template tags for showing a campaign's actions. (Placeholder until the actions work lands.)"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("messaging/includes/campaign_actions.html")
def campaign_actions(campaign: Any) -> dict[str, Any]:
    return {"campaign": campaign, "actions": []}


@register.inclusion_tag("messaging/includes/postcode_actions.html")
def actions_for_postcode(result: Any) -> dict[str, Any]:
    """Actions open to someone with this postcode lookup result (a geography PostcodeResult)."""
    return {"result": result, "actions": []}
