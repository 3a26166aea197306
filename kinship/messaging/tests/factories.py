"""Factories for messaging tests: places, people, campaigns, actions."""

from __future__ import annotations

import factory

from kinship.campaigns.models import Action, ActionKind, Campaign, CampaignStatus
from kinship.geography.models import Area, AreaType
from kinship.representatives.models import Office, Person, Role, Source


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E0{n:07d}")
    name = factory.Sequence(lambda n: f"Area {n}")
    type = AreaType.UNITARY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    person = factory.SubFactory(PersonFactory)
    role = Role.MP
    email = factory.Sequence(lambda n: f"office{n}@parliament.example.org")
    postal_address = "House of Commons\nLondon\nSW1A 0AA"
    accepts_email = True
    source = Source.STAFF


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("slug",)

    slug = "value-our-love"
    title = "Value Our Love"
    summary = "Equal support for kinship families."
    story = "Story."
    status = CampaignStatus.LIVE


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


BODY = (
    "I am raising my grandson after his parents could not look after him. We had no help from the council "
    "for eighteen months and nearly lost our home. An allowance would have made all the difference."
)


def submission_data(**overrides):  # type: ignore[no-untyped-def]
    from kinship.messaging.services import SubmissionInput

    values = {
        "postcode": "XX1 1AA",
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "Gwen.Jones@Example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": BODY,
    }
    values.update(overrides)
    return SubmissionInput(**values)
