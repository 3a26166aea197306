""" "What is working" reads daily rollups: a change to an old record shows on the page at once,
without waiting for the worker (the test settings let no figures be old); in production figures
up to KINSHIP_WORKING_LAG_SECONDS old are read as they are, and the page says how old."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from kinship.campaigns.tests.factories import ActionFactory
from kinship.dashboard.tests.helpers import message, staff_in, submission
from kinship.messaging.models import Message, MessageStatus, ReplyAnswer, Submission
from kinship.messaging.services import reply_record

pytestmark = pytest.mark.django_db


def _csv(client, query):
    response = client.get(reverse("dashboard:working"), query)
    return list(csv.reader(io.StringIO(response.content.decode())))


def _age_everything() -> None:
    """As if every record was last changed yesterday: only what the test changes next is new."""
    yesterday = timezone.now() - dt.timedelta(days=1)
    Submission.objects.update(updated_at=yesterday)
    Message.objects.update(updated_at=yesterday)


def test_a_reply_recorded_today_to_a_message_of_ten_days_ago_shows_at_once(client):
    staff_in(client, "editor")
    action = ActionFactory()
    written = timezone.now() - dt.timedelta(days=10)
    sent = message(submission(action, when=written), status=MessageStatus.SENT)
    today = timezone.localdate()
    query = {
        "start": (today - dt.timedelta(days=12)).isoformat(),
        "end": today.isoformat(),
        "action": action.pk,
    }
    assert _csv(client, {**query, "csv": "funnel"})[1][5] == "0"  # the page builds the rollup
    _age_everything()

    reply_record(message=sent, answer=ReplyAnswer.YES_HELPED)

    activity = _csv(client, {**query, "csv": "activity"})
    assert activity[-1][6] == "1"  # replies, today
    assert _csv(client, {**query, "csv": "funnel"})[1][5] == "1"  # replies to that day's submissions


def test_a_new_submission_shows_at_once(client):
    staff_in(client, "editor")
    action = ActionFactory()
    today = timezone.localdate()
    query = {"start": today.isoformat(), "end": today.isoformat(), "action": action.pk}
    assert _csv(client, {**query, "csv": "constituencies"}) == [["Constituency", "Confirmed submissions"]]

    submission(action, constituency="North Demo")

    assert _csv(client, {**query, "csv": "constituencies"})[1:] == [["North Demo", "1"]]


def test_across_every_campaign_the_carer_share_says_it_counts_sign_ups(client):
    staff_in(client, "editor")

    response = client.get(reverse("dashboard:working"))

    carers = next(t for t in response.context["tables"] if t.key == "carers")
    assert "counts twice" in carers.caption


def test_figures_a_minute_old_are_read_as_they_are_and_the_page_says_when_they_are_from(client, settings):
    settings.KINSHIP_WORKING_LAG_SECONDS = 60
    staff_in(client, "editor")
    action = ActionFactory()
    today = timezone.localdate()
    query = {"start": today.isoformat(), "end": today.isoformat(), "action": action.pk}
    first = client.get(reverse("dashboard:working"), query)  # brings the figures up to date
    as_of = first.context["as_of"]
    assert "Figures as of" in first.content.decode()

    submission(action, constituency="North Demo")

    # Within the minute: the figures as they were (the worker counts the new one in soon).
    again = client.get(reverse("dashboard:working"), query)
    assert again.context["as_of"] == as_of
    assert again.context["funnel"].submitted == 0

    # A minute on, the next read brings them up to date itself.
    from kinship.core.models import RollupMark

    RollupMark.objects.update(mark=as_of - dt.timedelta(seconds=61))
    later = client.get(reverse("dashboard:working"), query)
    assert later.context["as_of"] > as_of
    assert later.context["funnel"].submitted == 1
