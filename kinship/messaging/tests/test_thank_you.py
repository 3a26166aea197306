"""Issue 10, a thank-you page that leads on: after confirming, what happens next in plain words,
plain share links (no third-party scripts), the next action in the campaign with the postcode
carried, and joining if the carer has not joined."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging import services, tokens
from kinship.messaging.tests.factories import submission_data
from kinship.supporters.models import Signup, SignupStatus, Supporter

pytestmark = pytest.mark.django_db


def _thank_you(client, action) -> str:  # type: ignore[no-untyped-def]
    submission = services.submission_create(action=action, data=submission_data(), language="en-gb")
    path = reverse("messaging:confirm", args=[tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT)])
    return client.post(path, follow=True).content.decode()


def test_the_thank_you_page_says_what_happens_next(client, action, mail):
    page = _thank_you(client, action)
    assert "Your message is on its way" in page and "What happens next" in page
    assert "the reply comes straight to your email" in page
    assert "In two weeks we will email to ask if you got a reply." in page


def test_share_links_are_plain_links_with_no_third_party_script(client, action, mail):
    page = _thank_you(client, action)
    assert "https://wa.me/?text=" in page and "https://www.facebook.com/sharer/sharer.php?u=" in page
    assert "https://twitter.com/intent/tweet?" in page and "mailto:?subject=" in page
    assert "facebook.net" not in page and "platform.twitter.com" not in page
    assert all('src="http' not in tag for tag in page.split("<script")[1:])


def test_the_next_action_in_the_campaign_is_offered_with_the_postcode(client, action, mail):
    following = ActionFactory(campaign=action.campaign, title="Phone the minister", display_order=5)
    page = _thank_you(client, action)
    assert "One more thing you can do" in page and "Phone the minister" in page
    assert f"/actions/{following.slug}/write/?postcode=XX1%201AA" in page


def test_joining_is_offered_only_to_those_who_have_not_joined(client, action, mail):
    assert 'href="' + action.campaign.get_absolute_url() + '#join"' in _thank_you(client, action)
    supporter = Supporter.objects.create(email="gwen.jones@example.com", name="Gwen")
    Signup.objects.create(campaign=action.campaign, supporter=supporter, status=SignupStatus.CONFIRMED)
    page = _thank_you(client, ActionFactory(campaign=action.campaign))
    assert 'href="' + action.campaign.get_absolute_url() + '#join"' not in page
