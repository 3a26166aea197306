"""Demo actions, the template tags, and responsiveness figures."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from kinship.campaigns.models import Action, ActionKind
from kinship.messaging.models import Message, ReplyAnswer
from kinship.messaging.selectors import responsiveness_by_office
from kinship.messaging.tests.factories import ActionFactory, submission_data

pytestmark = pytest.mark.django_db


def test_demo_campaign_gets_one_action_of_each_type():
    from kinship.campaigns.demo.content import load_demo_campaigns

    load_demo_campaigns()
    actions = Action.objects.filter(campaign__slug="value-our-love")
    assert {a.kind for a in actions} == set(ActionKind.values)
    titles = set(actions.values_list("title", flat=True))
    assert {
        "Email the Minister",
        "Email your MP",
        "Write to your council's lead member for children's services",
    } <= titles
    load_demo_campaigns()  # idempotent
    assert Action.objects.filter(campaign__slug="value-our-love").count() == actions.count()


def test_actions_for_postcode_tag_lists_actions_for_the_nation(place):
    ActionFactory(title="For England only", covers_wales=False, covers_scotland=False)
    ActionFactory(title="For Wales only", covers_england=False, covers_scotland=False)
    html = Template("{% load messaging_tags %}{% actions_for_postcode result %}").render(
        Context({"result": place.results["XX3 1AA"]})
    )
    assert "For Wales only" in html and "For England only" not in html
    assert "postcode=XX3%201AA" in html


def test_responsiveness_is_only_shown_with_five_answers(action, place):
    from kinship.messaging import services

    sub = services.message_submit(action=action, data=submission_data(), language="en-gb")
    template = sub.messages.get(recipient_role="mp")
    for i in range(4):
        template.pk = None
        template.reply_answer = ReplyAnswer.YES_HELPED if i % 2 else ReplyAnswer.NO
        template.save()
    assert responsiveness_by_office(office_ids=[place.mp.pk]) == {}
    template.pk = None
    template.reply_answer = ReplyAnswer.YES_UNANSWERED
    template.save()
    figure = responsiveness_by_office(office_ids=[place.mp.pk])[place.mp.pk]
    assert (figure.answered, figure.replied, figure.helped) == (5, 3, 2)
    assert Message.objects.filter(reply_answer=ReplyAnswer.NOT_YET).count() == 0
