"""Reads for campaign pages."""

from __future__ import annotations

from django.db.models import QuerySet

from kinship.campaigns.models import Campaign, CampaignStatus, Commitment, CommitmentStatus
from kinship.core.counters import counter_value


def campaign_list_public() -> QuerySet[Campaign]:
    """Campaigns visitors may see, live ones first."""
    return Campaign.objects.exclude(status=CampaignStatus.DRAFT)


def campaign_get_public(*, slug: str) -> Campaign:
    """One public campaign; raises Campaign.DoesNotExist. Its asks, facts and news are read
    lazily by the page's cached fragments, so a warm page does not query them at all."""
    return campaign_list_public().get(slug=slug)


def campaign_supporter_count(*, campaign: Campaign) -> int:
    """Exact number of confirmed supporters (erased supporters still count, anonymously)."""
    return counter_value(key=campaign.supporter_counter_key)


def commitment_list() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("campaign").order_by("-made_on", "id")


def commitment_status_counts(commitments: list[Commitment]) -> dict[str, int]:
    """How many commitments stand at each status (every status present, zero if none)."""
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    for commitment in commitments:
        counts[commitment.status] += 1
    return counts
