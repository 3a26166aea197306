""" "What is working": only campaign editors see it; its charts' tables and CSV files match the
records; CSV cells never run as formulas; bad filters get a kind message."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from kinship.campaigns.tests.factories import ActionFactory, CampaignFactory
from kinship.dashboard import charts
from kinship.dashboard.tests.helpers import message, staff_in, submission
from kinship.messaging.models import MessageStatus, ReplyAnswer
from kinship.messaging.selectors import Funnel, messaging_figures_by_action, messaging_funnel
from kinship.supporters.models import SignupStatus
from kinship.supporters.tests.factories import SignupFactory

pytestmark = pytest.mark.django_db

DAY1 = dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)
DAY2 = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC)
RANGE = {"start": "2026-11-01", "end": "2026-11-03"}


@pytest.fixture
def records():
    """Two days of activity on one action, and one submission on another campaign's action."""
    action = ActionFactory(title="Write to your MP")
    first = submission(action, when=DAY1, constituency="North Demo")
    message(first, status=MessageStatus.SENT, reply_answer=ReplyAnswer.YES_HELPED, reply_recorded_at=DAY2)
    message(first, status=MessageStatus.BOUNCED)
    second = submission(action, when=DAY2, constituency="North Demo")
    message(
        second,
        status=MessageStatus.SENT,
        followup_sent_at=DAY2,
        reply_answer=ReplyAnswer.NO,
        reply_recorded_at=DAY2,
    )
    submission(action, when=DAY2, confirmed=False, constituency="South Demo")
    signup = SignupFactory(
        campaign=action.campaign, status=SignupStatus.CONFIRMED, supporter__is_kinship_carer="yes"
    )
    type(signup).objects.filter(pk=signup.pk).update(confirmed_at=DAY1)
    submission(ActionFactory(title="Elsewhere"), when=DAY1)
    return action


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("role,status", [("editor", 200), ("moderator", 403), ("steward", 403)])
def test_only_campaign_editors_see_what_is_working(client, role, status):
    staff_in(client, role)

    assert client.get(reverse("dashboard:working")).status_code == status


def test_the_activity_table_counts_each_event_on_its_day(client, records):
    staff_in(client, "editor")

    rows = _csv(
        client.get(
            reverse("dashboard:working"), {**RANGE, "campaign": records.campaign_id, "csv": "activity"}
        )
    )

    assert rows[0] == [
        "Period",
        "Joins",
        "Submissions",
        "Confirmations",
        "Deliveries",
        "Bounces",
        "Replies",
        "Reply follow-ups sent",
        "No reply",
    ]
    assert rows[1:] == [
        ["1 Nov 2026", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["2 Nov 2026", "1", "1", "1", "1", "1", "0", "0", "0"],
        ["3 Nov 2026", "0", "2", "1", "1", "0", "1", "1", "1"],
    ]


def test_every_campaign_counts_the_other_campaigns_too(client, records):
    staff_in(client, "editor")

    rows = _csv(client.get(reverse("dashboard:working"), {**RANGE, "csv": "activity"}))

    assert rows[2][2] == "2"  # submissions on 2 Nov: ours and the other campaign's


def test_the_funnel_and_rates_match_the_records(client, records):
    staff_in(client, "editor")

    response = client.get(reverse("dashboard:working"), {**RANGE, "action": records.pk})
    rows = _csv(client.get(reverse("dashboard:working"), {**RANGE, "action": records.pk, "csv": "funnel"}))

    assert rows[1] == ["3", "2", "66.7%", "2", "2", "1", "50.0%"]
    body = response.content.decode()
    assert "confirmation rate 66.7%" in body and "reply rate 50.0%" in body
    actions = next(t for t in response.context["tables"] if t.key == "actions")
    assert [row[0] for row in actions.rows] == ["Write to your MP"]


def test_the_figures_by_action_equal_each_actions_own_funnel(records):
    # By action is counted in five grouped queries; each action's row must be what its own
    # funnel counts, and the figures must not be all the same (so a mix-up would show).
    start, end = DAY1 - dt.timedelta(days=1), DAY2 + dt.timedelta(days=1)
    by_action = messaging_figures_by_action(start=start, end=end)

    assert len(by_action) == 2
    for action_id, funnel in by_action.items():
        assert funnel == messaging_funnel(start=start, end=end, action_id=action_id)
    assert by_action[records.pk] == Funnel(
        submitted=3, confirmed=2, delivered=2, messages_reached=2, messages_replied=1
    )


def test_the_charts_draw_the_same_figures_as_the_table(client, records):
    staff_in(client, "editor")

    response = client.get(reverse("dashboard:working"), {**RANGE, "action": records.pk})

    submissions_chart = response.context["charts"][1]
    assert [bar.value for bar in submissions_chart.bars] == [0, 1, 2]
    assert submissions_chart.bars[2].height == 2 * submissions_chart.bars[1].height
    assert "<title>3 Nov 2026: 2</title>" in response.content.decode()


def test_the_share_of_carers_counts_those_who_joined_in_the_days(client, records):
    staff_in(client, "editor")
    late = SignupFactory(campaign=records.campaign, status=SignupStatus.CONFIRMED)
    type(late).objects.filter(pk=late.pk).update(confirmed_at=DAY2)

    rows = _csv(
        client.get(reverse("dashboard:working"), {**RANGE, "campaign": records.campaign_id, "csv": "carers"})
    )

    assert rows == [["Joined", "Kinship carers", "Share"], ["2", "1", "50.0%"]]


def test_top_constituencies_count_confirmed_submissions(client, records):
    staff_in(client, "editor")

    rows = _csv(
        client.get(reverse("dashboard:working"), {**RANGE, "action": records.pk, "csv": "constituencies"})
    )

    assert rows == [["Constituency", "Confirmed submissions"], ["North Demo", "2"]]


def test_csv_cells_never_run_as_formulas(client):
    staff_in(client, "editor")
    action = ActionFactory()
    submission(action, when=DAY1, council='=HYPERLINK("http://evil.example")')

    rows = _csv(client.get(reverse("dashboard:working"), {**RANGE, "csv": "councils"}))

    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


def test_a_wrong_date_gets_a_kind_message(client):
    staff_in(client, "editor")

    response = client.get(reverse("dashboard:working"), {"start": "yesterday"})

    assert response.status_code == 200
    assert "Enter the first day as a date" in response.content.decode()
    assert "charts" not in response.context


def test_the_last_day_before_the_first_is_refused(client):
    staff_in(client, "editor")

    response = client.get(reverse("dashboard:working"), {"start": "2026-11-03", "end": "2026-11-01"})

    assert "The last day must be the same as or after the first day" in response.content.decode()


def test_an_action_of_another_campaign_is_refused(client):
    staff_in(client, "editor")
    action = ActionFactory()

    response = client.get(
        reverse("dashboard:working"), {"campaign": CampaignFactory().pk, "action": action.pk}
    )

    assert "That action belongs to another campaign" in response.content.decode()


def test_long_ranges_are_counted_by_week():
    spans = charts.periods(dt.date(2026, 1, 1), dt.date(2026, 3, 31))

    assert len(spans) == 13
    assert spans[0].label == "week from 1 Jan 2026"
    assert charts.per_period({dt.date(2026, 1, 3): 2, dt.date(2026, 1, 8): 1}, spans)[:2] == [2, 1]
