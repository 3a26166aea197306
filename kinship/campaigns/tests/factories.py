import datetime as dt

import factory

from kinship.campaigns.models import (
    Action,
    ActionKind,
    Ask,
    Campaign,
    CampaignStatus,
    Commitment,
    CommitmentStatus,
    Fact,
    NewsItem,
)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    slug = factory.Sequence(lambda n: f"campaign-{n}")
    title = factory.Sequence(lambda n: f"Campaign {n}")
    summary = "A campaign for kinship families."
    story = "First paragraph.\n\nSecond paragraph."
    status = CampaignStatus.LIVE


class AskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ask

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Ask {n}")
    explanation = "Why this matters."


class FactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fact

    campaign = factory.SubFactory(CampaignFactory)
    figure = "141,000"
    text = "children in kinship care"
    source_name = "ONS Census 2021"
    source_url = "https://www.ons.gov.uk/"


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    campaign = factory.SubFactory(CampaignFactory)
    title = "News"
    body = "Something happened."
    published_on = dt.date(2023, 2, 2)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    campaign = factory.SubFactory(CampaignFactory)
    what = "Publish a strategy"
    who = "Department for Education"
    made_on = dt.date(2023, 2, 2)
    status = CommitmentStatus.PLEDGED
    source_url = "https://www.gov.uk/"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    campaign = factory.SubFactory(CampaignFactory)
    slug = factory.Sequence(lambda n: f"action-{n}")
    kind = ActionKind.EMAIL_POSTCODE
    title = factory.Sequence(lambda n: f"Action {n}")
    summary = "Write to the people who decide."
    target_roles = ["mp", "lead_member_children"]
    covers_england = True
    covers_wales = True
    covers_scotland = True
    subject_template = "Kinship care in {{ constituency }}"
    body_template = (
        "I am a kinship carer in {{ council }}. Please make support for kinship families equal to support "
        "for foster families. {{ sender_name }} would like to hear from you."
    )
    phone_script = "Hello, I am calling {{ recipient_name }} about kinship care in {{ council }}."
