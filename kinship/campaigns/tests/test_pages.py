import pytest
from django.urls import reverse
from django.utils import translation

from kinship.campaigns.demo.content import load_demo_campaigns
from kinship.campaigns.models import Action, ActionKind, Campaign, Commitment
from kinship.campaigns.tests.factories import (
    CommitmentFactory,
)

pytestmark = pytest.mark.django_db


def test_commitments_page_lists_every_commitment_with_status_and_source(client):
    CommitmentFactory(
        what="Publish a kinship strategy", status="delivered", source_url="https://www.gov.uk/s"
    )
    CommitmentFactory(what="Explore allowances", status="pledged")
    body = client.get(reverse("campaigns:commitments")).content.decode()
    assert "Publish a kinship strategy" in body and "Explore allowances" in body
    assert "Delivered" in body and "Pledged" in body
    assert "https://www.gov.uk/s" in body


def test_demo_campaigns_load_idempotently_with_the_four_asks():
    load_demo_campaigns()
    load_demo_campaigns()
    campaign = Campaign.objects.get(slug="value-our-love")
    assert campaign.asks.count() == 4
    assert campaign.facts.count() == 3
    assert Campaign.objects.filter(slug="employment-rights-for-grandparent-carers").count() == 1
    assert Commitment.objects.filter(campaign=campaign, status="delivered").count() == 1
    with translation.override("cy"):
        assert campaign.title_cy


def test_demo_campaign_gets_one_action_of_each_type():
    from kinship.campaigns.demo.content import load_demo_campaigns

    load_demo_campaigns()
    actions = Action.objects.filter(campaign__slug="value-our-love")
    # Petitions and open letters come with their texts from kinship.petitions' demo loader.
    assert {a.kind for a in actions} == set(ActionKind.values) - {ActionKind.PETITION, ActionKind.OPEN_LETTER}
    titles = set(actions.values_list("title", flat=True))
    assert {
        "Email the Minister",
        "Email your MP",
        "Write to your council's lead member for children's services",
    } <= titles
    load_demo_campaigns()  # idempotent
    assert Action.objects.filter(campaign__slug="value-our-love").count() == actions.count()
