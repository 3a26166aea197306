"""Messaging's parts of other pages: the actions open on a campaign (the campaign page) and the
actions open for a postcode ("Your area"), each linking to the page that takes it."""

from __future__ import annotations

from typing import Any

from django import template

from kinship.campaigns.models import Action, Campaign
from kinship.campaigns.selectors import (
    action_totals,
    actions_for_campaign,
    actions_for_postcode,
    count_is_shown,
)
from kinship.geography.types import PostcodeResult
from kinship.messaging.services.links import action_take_url

register = template.Library()


@register.inclusion_tag("messaging/includes/campaign_actions.html")
def campaign_actions(campaign: Campaign) -> dict[str, Any]:
    actions = actions_for_campaign(campaign=campaign)
    totals = action_totals(actions=actions)
    return {
        "campaign": campaign,
        "actions": [
            {
                "action": a,
                "total": totals[a.pk],
                "shown": count_is_shown(campaign=campaign, count=totals[a.pk]),
            }
            for a in actions
        ],
    }


@register.inclusion_tag("messaging/includes/postcode_actions.html", name="actions_for_postcode")
def actions_for_postcode_tag(result: PostcodeResult, chosen: bool = False) -> dict[str, Any]:
    """Actions open to someone with this postcode lookup result, each linked with the postcode
    and, when the person chose their council (`chosen`), that council."""
    actions = actions_for_postcode(result=result)
    authority = result.childrens_services_authority
    council = authority.code if chosen and authority else ""
    return {
        "items": [
            {"action": a, "url": action_take_url(a, postcode=result.postcode, council=council)}
            for a in actions
        ]
    }


@register.simple_tag
def action_take_url_for(action: Action) -> str:
    """{% action_take_url_for action %}: the page where someone takes this action."""
    return action_take_url(action)
