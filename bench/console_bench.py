"""Issue 16 benchmark: how long the staff console's "What is working" figures take to count
(in-process, PostgreSQL) for every campaign over 30 and 366 days, with 20,000 submissions and
40,000 messages spread over a year, and for one action. Median of 5 runs each.

    .venv/bin/python bench/console_bench.py [--submissions 20000]

Makes and drops a throwaway database of its own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import dev_env, manage, postgres_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=20000)
    args = parser.parse_args()
    with postgres_database("kinship_bench_console") as database_url:
        env = dev_env(database_url)
        manage(env, "migrate", "--noinput")
        os.environ.update(env)
        import django

        django.setup()
        _run(args.submissions)


def _run(count: int) -> None:
    import datetime as dt
    import random

    from django.utils import timezone

    from kinship.campaigns.models import Action, ActionKind, Campaign
    from kinship.dashboard.working import _figures
    from kinship.messaging.models import Message, MessageStatus, ReplyAnswer, Submission, SubmissionStatus

    rng = random.Random(16)
    campaign = Campaign.objects.create(slug="bench", title="Bench", summary="s", story="s")
    actions = [
        Action.objects.create(
            campaign=campaign, slug=f"a{i}", kind=ActionKind.EMAIL_POSTCODE, title=f"Action {i}"
        )
        for i in range(4)
    ]
    now = timezone.now()
    subs = []
    for i in range(count):
        when = now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        subs.append(
            Submission(
                action=actions[i % 4],
                status=SubmissionStatus.CONFIRMED,
                first_name="A",
                last_name="B",
                email=f"p{i}@example.org",
                email_canonical=f"p{i}@example.org",
                constituency_name=f"Constituency {rng.randrange(650)}",
                council_name=f"Council {rng.randrange(300)}",
                confirmed_at=when,
            )
        )
    Submission.objects.bulk_create(subs, batch_size=2000)
    from django.db import connection

    # created_at is set on insert: spread it over the year like the confirmations.

    with connection.cursor() as cursor:
        cursor.execute("UPDATE messaging_submission SET created_at = confirmed_at")
    msgs = []
    for s in Submission.objects.only("pk", "action_id", "confirmed_at").iterator(chunk_size=2000):
        for role in ("mp", "lead_member_children"):
            replied = rng.random() < 0.2
            msgs.append(
                Message(
                    submission_id=s.pk,
                    action_id=s.action_id,
                    status=MessageStatus.SENT if rng.random() < 0.95 else MessageStatus.BOUNCED,
                    recipient_name="R",
                    recipient_role=role,
                    sent_at=s.confirmed_at,
                    failed_at=s.confirmed_at,
                    reply_answer=ReplyAnswer.YES_HELPED if replied else "",
                    reply_recorded_at=s.confirmed_at if replied else None,
                )
            )
    Message.objects.bulk_create(msgs, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would soon after a load; the planner needs the sizes
    today = timezone.localdate()
    cases = {
        "every campaign, 30 days": {"start": today - dt.timedelta(days=29), "end": today},
        "every campaign, 366 days": {"start": today - dt.timedelta(days=365), "end": today},
        "one action, 366 days": {
            "start": today - dt.timedelta(days=365),
            "end": today,
            "action": actions[0],
        },
    }
    print(f"{count} submissions, {len(msgs)} messages, PostgreSQL, median of 5")
    for name, data in cases.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            _figures(data)
            times.append(time.perf_counter() - started)
        print(f"  {name}: {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
