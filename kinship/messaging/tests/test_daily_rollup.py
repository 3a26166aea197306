"""The daily rollup behind "What is working" (`services.rollup`): whatever changes, after a
refresh its sums are exactly what the live selectors count from the raw rows; a refresh reads
only the days the changed rows count on, and doing it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.utils import timezone

from kinship.campaigns.tests.factories import ActionFactory, CampaignFactory
from kinship.core.models import RollupMark
from kinship.core.rollup import day_bounds, rollup_zone
from kinship.messaging.models import (
    Channel,
    DailyAreaCount,
    DailyAreaTotal,
    DailyFigures,
    HourlyAreaCount,
    HourlyFigures,
    Message,
    MessageStatus,
    ReplyAnswer,
    Submission,
    SubmissionStatus,
)
from kinship.messaging.selectors import (
    messaging_activity_by_day,
    messaging_daily_activity,
    messaging_daily_figures_by_action,
    messaging_daily_funnel,
    messaging_daily_top_areas,
    messaging_figures_by_action,
    messaging_funnel,
    messaging_top_areas,
)
from kinship.messaging.services import message_mark_bounced, messages_erase_by_email, reply_record
from kinship.messaging.services.rollup import (
    NAME,
    messaging_rollup_recompute,
    messaging_rollup_refresh,
    submission_days,
)
from kinship.messaging.services.submissions import submissions_abandon

pytestmark = pytest.mark.django_db

AREAS = ["North Demo", "South Demo", "East Demo", ""]
COUNCILS = ["Demoshire", "Fictionham", ""]


def _day(when: dt.datetime) -> dt.date:
    return timezone.localtime(when, rollup_zone()).date()


def _submission(
    action: Any, *, created: dt.datetime, confirmed: dt.datetime | None = None, **fields: Any
) -> Submission:
    values: dict[str, Any] = {
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "email_canonical": "gwen@example.com",
        "constituency_name": "North Demo",
        "council_name": "Demoshire",
        **fields,
    }
    sub = Submission.objects.create(
        action=action,
        status=SubmissionStatus.CONFIRMED if confirmed else SubmissionStatus.AWAITING_CONFIRMATION,
        confirmed_at=confirmed,
        **values,
    )
    Submission.objects.filter(pk=sub.pk).update(created_at=created)
    sub.refresh_from_db()
    return sub


def _message(sub: Submission, **fields: Any) -> Message:
    values: dict[str, Any] = {"recipient_name": "Ann Example", "status": MessageStatus.SENT, **fields}
    if values["status"] == MessageStatus.SENT and values.get("channel", Channel.EMAIL) == Channel.EMAIL:
        values.setdefault("sent_at", sub.confirmed_at or sub.created_at)
    msg = Message.objects.create(submission=sub, action=sub.action, **values)
    Message.objects.filter(pk=msg.pk).update(created_at=sub.created_at)
    msg.refresh_from_db()
    return msg


def _settle() -> None:
    """Refresh, then make every row look long unchanged: the next refresh sees only what the
    test changes after this (not everything made in the last seconds, inside the overlap)."""
    messaging_rollup_refresh()
    long_ago = timezone.now() - dt.timedelta(days=1)
    Submission.objects.update(updated_at=long_ago)
    Message.objects.update(updated_at=long_ago)


def _live(first: dt.date, last: dt.date, **scope: Any) -> dict[str, Any]:
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    figures: dict[str, Any] = {
        "activity": messaging_activity_by_day(start=start, end=end, **scope),
        "funnel": messaging_funnel(start=start, end=end, **scope),
        "areas": [
            messaging_top_areas(field=field, start=start, end=end, limit=1000, **scope)
            for field in ("constituency_name", "council_name")
        ],
    }
    if scope.get("action_id") is None:
        figures["by_action"] = messaging_figures_by_action(
            start=start, end=end, campaign_id=scope.get("campaign_id")
        )
    return figures


def _rolled(first: dt.date, last: dt.date, **scope: Any) -> dict[str, Any]:
    messaging_rollup_refresh()
    figures: dict[str, Any] = {
        "activity": messaging_daily_activity(first=first, last=last, **scope),
        "funnel": messaging_daily_funnel(first=first, last=last, **scope),
        "areas": [
            messaging_daily_top_areas(field=field, first=first, last=last, limit=1000, **scope)
            for field in ("constituency_name", "council_name")
        ],
    }
    if scope.get("action_id") is None:
        figures["by_action"] = messaging_daily_figures_by_action(
            first=first, last=last, campaign_id=scope.get("campaign_id")
        )
    return figures


def _rows() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    figures = sorted(
        tuple(row.values())
        for row in DailyFigures.objects.values(
            *[f.attname for f in DailyFigures._meta.fields if f.name != "id"]
        )
    )
    areas = sorted(DailyAreaCount.objects.values_list("day", "action_id", "kind", "name", "confirmed"))
    totals = sorted(DailyAreaTotal.objects.values_list("day", "kind", "name", "confirmed"))
    summed: dict[tuple[Any, ...], int] = {}
    for day, _action_id, kind, name, n in areas:
        summed[(day, kind, name)] = summed.get((day, kind, name), 0) + n
    assert totals == sorted((*key, n) for key, n in summed.items())  # the totals over every action
    return figures, areas


def _random_records(rng: random.Random, actions: list[Any], now: dt.datetime, count: int) -> None:
    for _ in range(count):
        created = now - dt.timedelta(days=rng.uniform(0, 40))
        confirmed = min(now, created + dt.timedelta(hours=rng.uniform(0, 60))) if rng.random() < 0.7 else None
        sub = _submission(
            rng.choice(actions),
            created=created,
            confirmed=confirmed,
            constituency_name=rng.choice(AREAS),
            council_name=rng.choice(COUNCILS),
            email=f"p{rng.randrange(20)}@example.com",
            email_canonical=f"p{rng.randrange(20)}@example.com",
        )
        if confirmed is None:
            _message(sub, status=rng.choice([MessageStatus.AWAITING_CONFIRMATION, MessageStatus.ABANDONED]))
            continue
        for _recipient in range(rng.randint(1, 3)):
            sent = min(now, confirmed + dt.timedelta(hours=rng.uniform(0, 30)))
            later = min(now, sent + dt.timedelta(days=rng.uniform(0, 12)))
            kind = rng.choice(["sent", "sent", "bounced", "letter", "queued"])
            if kind == "sent":
                fields: dict[str, Any] = {"status": MessageStatus.SENT, "sent_at": sent}
            elif kind == "bounced":
                fields = {"status": MessageStatus.BOUNCED, "sent_at": sent, "failed_at": later}
            elif kind == "letter":
                fields = {"status": MessageStatus.LETTER_POSTED, "channel": Channel.LETTER}
            else:
                fields = {"status": MessageStatus.QUEUED}
            if kind in {"sent", "letter"} and rng.random() < 0.6:
                fields["followup_sent_at"] = later
                if rng.random() < 0.7:
                    fields["reply_answer"] = rng.choice(list(ReplyAnswer.values))
                    fields["reply_recorded_at"] = min(now, later + dt.timedelta(hours=rng.uniform(0, 48)))
            _message(sub, **fields)


def _assert_same_everywhere(actions: list[Any], now: dt.datetime) -> None:
    today = _day(now)
    windows = [(today - dt.timedelta(days=45), today), (today - dt.timedelta(days=6), today)]
    windows += [(today - dt.timedelta(days=n), today - dt.timedelta(days=n)) for n in (0, 3, 11)]
    scopes: list[dict[str, Any]] = [{}, {"campaign_id": actions[0].campaign_id}]
    scopes += [{"action_id": action.pk} for action in actions]
    for first, last in windows:
        for scope in scopes:
            assert _rolled(first, last, **scope) == _live(first, last, **scope), (first, last, scope)


def test_the_rollup_equals_the_live_counts_on_random_records_and_after_random_changes():
    rng = random.Random(20261130)
    campaign = CampaignFactory()
    actions = [ActionFactory(campaign=campaign), ActionFactory(campaign=campaign), ActionFactory()]
    now = timezone.now()
    _random_records(rng, actions, now, 120)

    _assert_same_everywhere(actions, now)  # the first refresh builds everything

    _settle()
    messages = list(Message.objects.order_by("pk"))
    for msg in rng.sample([m for m in messages if m.may_ask_about_reply], 8):
        reply_record(message=msg, answer=rng.choice(list(ReplyAnswer.values)))
    for msg in rng.sample(
        [m for m in messages if m.status == MessageStatus.SENT and m.esp_message_id == ""], 3
    ):
        Message.objects.filter(pk=msg.pk).update(esp_message_id=f"esp-{msg.pk}")
        assert message_mark_bounced(esp_message_id=f"esp-{msg.pk}")
    messages_erase_by_email(email="p3@example.com")
    _random_records(rng, actions, timezone.now(), 10)

    _assert_same_everywhere(actions, timezone.now())
    refreshed = _rows()
    messaging_rollup_refresh(rebuild=True)
    assert _rows() == refreshed  # the hours, the days and the totals kept are what a build makes


def test_a_reply_recorded_today_counts_today_and_in_the_funnel_of_the_day_it_was_written():
    action = ActionFactory()
    written = timezone.now() - dt.timedelta(days=10)
    msg = _message(_submission(action, created=written, confirmed=written))
    _submission(action, created=written, confirmed=written)  # an unchanged neighbour on that day
    _settle()
    today = _day(timezone.now())

    reply_record(message=msg, answer=ReplyAnswer.YES_HELPED)

    assert _rolled(_day(written), today)["activity"]["replies"] == {today: 1}
    assert _rolled(_day(written), _day(written))["funnel"].messages_replied == 1
    assert _rolled(_day(written), today) == _live(_day(written), today)


def test_a_bounce_moves_a_delivery_of_ten_days_ago_to_a_bounce_today():
    action = ActionFactory()
    written = timezone.now() - dt.timedelta(days=10)
    msg = _message(_submission(action, created=written, confirmed=written), esp_message_id="esp-1")
    _settle()
    today = _day(timezone.now())

    assert message_mark_bounced(esp_message_id="esp-1")

    figures = _rolled(_day(written), today)
    assert figures["activity"]["bounces"] == {today: 1}
    assert figures["activity"]["deliveries"] == {}
    assert figures["funnel"].delivered == 0
    assert figures == _live(_day(written), today)
    assert msg.pk


def test_a_new_submission_counts_at_once():
    action = ActionFactory()
    _settle()
    now = timezone.now()

    _submission(action, created=now, confirmed=now, constituency_name="West Demo")

    figures = _rolled(_day(now), _day(now))
    assert figures["activity"]["submissions"] == {_day(now): 1}
    assert figures["areas"][0] == [("West Demo", 1)]


def test_erasure_keeps_the_counts_the_live_definition_keeps():
    action = ActionFactory()
    written = timezone.now() - dt.timedelta(days=3)
    sub = _submission(action, created=written, confirmed=written, email_canonical="gwen@example.com")
    _message(sub, reply_answer=ReplyAnswer.NO, reply_recorded_at=written)
    _message(sub, status=MessageStatus.QUEUED)
    _settle()
    before = _rolled(_day(written), _day(timezone.now()))

    messages_erase_by_email(email="gwen@example.com")

    after = _rolled(_day(written), _day(timezone.now()))
    assert after == _live(_day(written), _day(timezone.now()))
    assert after == before  # erasure blanks the text; the anonymous counts stay


def test_deleting_old_abandoned_submissions_takes_them_out_of_the_counts():
    action = ActionFactory()
    long_ago = timezone.now() - dt.timedelta(days=60)
    _submission(action, created=long_ago)
    submissions_abandon(now=long_ago + dt.timedelta(days=8))  # abandoned 52 days ago
    _settle()
    first = _day(long_ago)
    assert _rolled(first, first)["activity"]["submissions"] == {first: 1}

    result = submissions_abandon(now=timezone.now())

    assert result["deleted"] == 1
    assert _rolled(first, first)["activity"]["submissions"] == {}
    assert _rolled(first, first) == _live(first, first)


def test_a_change_committed_just_after_a_refresh_is_still_counted():
    # A transaction stamps `updated_at` when it writes and commits later: the next refresh reads
    # back past its mark by a small overlap, so a row stamped just before the mark is not missed.
    action = ActionFactory()
    messaging_rollup_refresh()
    mark = RollupMark.objects.get(name=NAME).mark
    assert mark is not None
    sub = _submission(action, created=mark - dt.timedelta(seconds=20))
    Submission.objects.filter(pk=sub.pk).update(updated_at=mark - dt.timedelta(seconds=20))

    day = _day(sub.created_at)
    assert _rolled(day, day)["activity"]["submissions"] == {day: 1}


def test_refreshing_again_or_rebuilding_changes_nothing():
    rng = random.Random(7)
    actions = [ActionFactory(), ActionFactory()]
    _random_records(rng, actions, timezone.now(), 40)
    messaging_rollup_refresh()
    built = _rows()
    assert built[0]

    messaging_rollup_refresh()
    assert _rows() == built
    Submission.objects.update(updated_at=timezone.now())  # every day dirty: all recomputed
    Message.objects.update(updated_at=timezone.now())
    messaging_rollup_refresh()
    assert _rows() == built
    messaging_rollup_refresh(rebuild=True)
    assert _rows() == built


def test_a_refresh_recomputes_only_the_days_the_changed_rows_count_on():
    action = ActionFactory()
    old = timezone.now() - dt.timedelta(days=20)
    sub = _submission(action, created=old, confirmed=old)
    _settle()
    # A wrong figure left on a day nothing touched stays wrong: the refresh did not read that day.
    DailyFigures.objects.filter(day=_day(old)).update(submissions=99)

    _submission(action, created=timezone.now())
    messaging_rollup_refresh()

    assert DailyFigures.objects.get(day=_day(old), action=action).submissions == 99
    assert sub.pk


def test_a_message_without_its_time_is_on_no_day():
    # Demo data has "sent" emails with no `sent_at`: the live ranges leave them out, and so must
    # the first build, which reads every row.
    action = ActionFactory()
    now = timezone.now()
    _message(_submission(action, created=now, confirmed=now), sent_at=None)

    assert _rolled(_day(now), _day(now)) == _live(_day(now), _day(now))


def test_any_bulk_update_stamps_updated_at_so_the_rollup_sees_it():
    """The rows' managers stamp `updated_at` on `QuerySet.update()` (unless told a value), so a
    bulk change written anywhere, by code that knows nothing of the rollup, is still counted."""
    action = ActionFactory()
    written = timezone.now() - dt.timedelta(days=10)
    msg = _message(_submission(action, created=written, confirmed=written))
    _settle()
    today = _day(timezone.now())

    Message.objects.filter(pk=msg.pk).update(reply_answer=ReplyAnswer.NO, reply_recorded_at=timezone.now())

    assert _rolled(_day(written), today)["activity"]["no_replies"] == {today: 1}
    assert _rolled(_day(written), today) == _live(_day(written), today)


# --- Today and yesterday by the hour: a change recounts only the hours its rows count on -----


def _hour(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def _today_and_yesterday() -> tuple[dt.date, dt.date]:
    today = _day(timezone.now())
    return today - dt.timedelta(days=1), today


def test_a_change_today_recounts_only_its_hours_and_the_day_is_the_sum_of_its_hours():
    action = ActionFactory()
    now = timezone.now()
    earlier = now - dt.timedelta(hours=3)  # today or yesterday: both kept by the hour
    _submission(action, created=earlier, confirmed=earlier)
    _settle()
    # A wrong figure planted in an hour nothing touches stays: the refresh did not read that hour...
    HourlyFigures.objects.filter(hour=_hour(earlier), action=action).update(submissions=41)

    _submission(action, created=now, confirmed=now)
    messaging_rollup_refresh()

    assert HourlyFigures.objects.get(hour=_hour(earlier), action=action).submissions == 41
    assert HourlyFigures.objects.get(hour=_hour(now), action=action).submissions == 1
    # ...and the day is summed from its hours, not recounted from every row of the day.
    rows = DailyFigures.objects.filter(action=action).values_list("day", "submissions")
    # In the first three hours after midnight the earlier hour is yesterday's: nothing touched
    # yesterday, so its day keeps the figure it was summed to before the planting.
    expected = {_day(earlier): 1, _day(now): 1} if _day(earlier) != _day(now) else {_day(now): 42}
    assert dict(rows) == expected


def test_a_submission_confirmed_hours_after_it_was_made_counts_on_both_hours():
    action = ActionFactory()
    made = timezone.now() - dt.timedelta(hours=5)
    sub = _submission(action, created=made, constituency_name="East Demo")
    _settle()
    first, last = _today_and_yesterday()

    Submission.objects.filter(pk=sub.pk).update(
        status=SubmissionStatus.CONFIRMED, confirmed_at=timezone.now()
    )

    figures = _rolled(first, last)
    assert figures["activity"]["confirmations"] == {_day(timezone.now()): 1}
    assert figures["funnel"].confirmed == 1
    assert figures["areas"][0] == [("East Demo", 1)]
    assert figures == _live(first, last)
    assert HourlyFigures.objects.get(hour=_hour(made), action=action).funnel_confirmed == 1


@pytest.mark.parametrize("ago", [dt.timedelta(hours=4), dt.timedelta(days=6)])
def test_an_answer_given_again_moves_from_the_hour_or_day_it_was_first_recorded_in(ago):
    action = ActionFactory()
    written = timezone.now() - 2 * ago - dt.timedelta(hours=1)  # not the hour or day of the first answer
    msg = _message(_submission(action, created=written, confirmed=written))
    reply_record(message=msg, answer=ReplyAnswer.NO)
    Message.objects.filter(pk=msg.pk).update(reply_recorded_at=timezone.now() - ago)
    _settle()
    first, today = _day(written), _day(timezone.now())
    assert _rolled(first, today)["activity"]["no_replies"] == {_day(timezone.now() - ago): 1}

    reply_record(message=msg, answer=ReplyAnswer.YES_HELPED)

    figures = _rolled(first, today)
    assert figures["activity"]["no_replies"] == {}
    assert figures["activity"]["replies"] == {today: 1}
    assert figures == _live(first, today)


def test_a_bounce_today_of_an_email_sent_earlier_today_moves_it_between_hours():
    action = ActionFactory()
    sent = timezone.now() - dt.timedelta(hours=2)
    _message(_submission(action, created=sent, confirmed=sent), esp_message_id="esp-2")
    _settle()
    first, last = _today_and_yesterday()

    assert message_mark_bounced(esp_message_id="esp-2")

    figures = _rolled(first, last)
    assert figures["activity"]["deliveries"] == {}
    assert figures["activity"]["bounces"] == {last: 1}
    assert figures == _live(first, last)
    assert HourlyFigures.objects.get(hour=_hour(sent), action=action).deliveries == 0


def test_erasure_and_deletion_today_keep_the_hours_equal_to_the_live_counts():
    actions = [ActionFactory(), ActionFactory()]
    now = timezone.now()
    for n in range(12):
        when = now - dt.timedelta(minutes=37 * n)
        sub = _submission(
            actions[n % 2], created=when, confirmed=when, email_canonical=f"p{n % 3}@example.com"
        )
        _message(sub)
    _settle()
    first, last = _today_and_yesterday()

    messages_erase_by_email(email="p1@example.com")
    assert _rolled(first, last) == _live(first, last)

    gone = Submission.objects.filter(email_canonical="p2@example.com")
    days = submission_days(gone)
    gone.delete()
    messaging_rollup_recompute(pairs=days)
    assert _rolled(first, last) == _live(first, last)
    assert _rolled(first, last)["funnel"].submitted == 8


def test_two_days_on_the_area_counts_leave_the_hours_and_stay_right(monkeypatch):
    action = ActionFactory()
    real_now = timezone.now()
    written = real_now - dt.timedelta(hours=1)
    sub = _submission(action, created=written, confirmed=written)
    _message(sub, reply_answer=ReplyAnswer.NO, reply_recorded_at=written)
    _settle()
    assert HourlyFigures.objects.filter(hour=_hour(written)).exists()

    # Two days on, a reply to that message recounts its day whole, and its hours are dropped.
    later = real_now + dt.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    Message.objects.filter(submission=sub).update(
        reply_answer=ReplyAnswer.YES_HELPED, reply_recorded_at=later, updated_at=later
    )
    first, last = _day(written), _day(later)

    assert _rolled(first, last) == _live(first, last)
    # The figures stay by the hour (a reply to an old message recounts an hour, not its day); the
    # area counts (thousands of rows a day) only for the days still open.
    assert not HourlyAreaCount.objects.filter(hour__lt=day_bounds(last - dt.timedelta(days=1))[0]).exists()
    assert HourlyFigures.objects.filter(hour=_hour(later)).exists()
    assert HourlyFigures.objects.filter(hour=_hour(written)).exists()


def test_every_day_is_the_sum_of_its_hours_and_the_open_days_area_counts_too():
    rng = random.Random(5)
    actions = [ActionFactory(), ActionFactory()]
    _random_records(rng, actions, timezone.now(), 60)
    messaging_rollup_refresh()
    _settle()
    _random_records(rng, actions, timezone.now(), 10)  # counted in by the hour
    messaging_rollup_refresh()

    columns = [f.name for f in HourlyFigures._meta.fields if f.name not in {"id", "hour", "action"}]
    by_day: dict[tuple[Any, ...], list[int]] = {}
    for row in HourlyFigures.objects.values("hour", "action_id", *columns):
        key = (_day(row["hour"]), row["action_id"])
        by_day[key] = [a + row[c] for a, c in zip(by_day.get(key, [0] * len(columns)), columns, strict=True)]
    daily = {(r["day"], r["action_id"]): [r[c] for c in columns] for r in DailyFigures.objects.values()}
    assert by_day == daily
    open_from = day_bounds(_day(timezone.now()) - dt.timedelta(days=1))[0]
    areas: dict[tuple[Any, ...], int] = {}
    for hour, action_id, kind, name, n in HourlyAreaCount.objects.values_list(
        "hour", "action_id", "kind", "name", "confirmed"
    ):
        areas[(_day(hour), action_id, kind, name)] = areas.get((_day(hour), action_id, kind, name), 0) + n
    recent = DailyAreaCount.objects.filter(day__gte=open_from.date()).values_list(
        "day", "action_id", "kind", "name", "confirmed"
    )
    assert areas == {row[:4]: row[4] for row in recent}
    first, last = _today_and_yesterday()
    assert _rolled(first, last) == _live(first, last)
