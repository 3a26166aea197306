"""Demo actions, the template tags, and responsiveness figures."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging.models import Message, ReplyAnswer
from kinship.messaging.selectors import responsiveness_by_office
from kinship.messaging.tests.factories import submission_data

pytestmark = pytest.mark.django_db


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

    sub = services.submission_create(action=action, data=submission_data(), language="en-gb")
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
