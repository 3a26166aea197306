"""Template tags showing actions on the campaign page and on the "Your area" page."""

from __future__ import annotations

from typing import Any

from django import template

from kinship.messaging import selectors

register = template.Library()


@register.inclusion_tag("messaging/includes/campaign_actions.html")
def campaign_actions(campaign: Any) -> dict[str, Any]:
    actions = selectors.actions_for_campaign(campaign=campaign)
    totals = selectors.action_totals(actions=actions)
    return {"campaign": campaign, "actions": [{"action": a, "total": totals[a.pk]} for a in actions]}


@register.inclusion_tag("messaging/includes/postcode_actions.html")
def actions_for_postcode(result: Any) -> dict[str, Any]:
    """Actions open to someone with this postcode lookup result (a geography PostcodeResult)."""
    actions = selectors.actions_for_postcode(result=result)
    return {"result": result, "actions": actions, "postcode": getattr(result, "postcode", "")}
