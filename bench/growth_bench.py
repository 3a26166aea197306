"""Issue 17, item 6: cost as data grows. Times the campaign page, the postcode API, a carer's
"my actions" page, the staff "What is working" figures and the petition counts by
constituency on the demo site with no supporter data, then again after loading one million
supporters, five million messages (two million submissions) and one million petition
signatures with PostgreSQL COPY, and prints each loaded/empty ratio (goal: at most 1.2).

    .venv/bin/python bench/growth_bench.py [--scale 1.0] [--runs 30]

`--scale 0.1` loads a tenth (a quick run). In-process timings (Django's test Client, server
side only), warmed, median of `--runs`. Makes and drops its own database (`--keep` leaves the
loaded `kinship_bench_growth` in place, for EXPLAIN ANALYZE).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import statistics
import subprocess
import sys
import time
from array import array
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, ROOT, dev_env, manage, postgres_database  # noqa: E402

FULL = {"supporters": 1_000_000, "submissions": 2_000_000, "messages": 5_000_000, "signatures": 1_000_000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the loaded database (for EXPLAIN)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.scale, args.runs)
        return
    with postgres_database("kinship_bench_growth", keep=args.keep) as url:
        env = dev_env(url)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        subprocess.run(
            [PYTHON, __file__, "--worker", "--scale", str(args.scale), "--runs", str(args.runs)],
            cwd=ROOT,
            env=env,
            check=True,
        )


# ------------------------------------------------------------------ timing


def _median_ms(fn: Any, runs: int) -> float:
    for _ in range(3):  # warm caches (areas, offices, templates)
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _cases() -> dict[str, Any]:
    from django.test import Client
    from django.utils import timezone

    from kinship.campaigns.models import Campaign
    from kinship.dashboard.working import _figures
    from kinship.messaging.models import Submission
    from kinship.messaging.services import my_actions_url
    from kinship.petitions.models import Petition
    from kinship.petitions.selectors import area_counts
    from kinship.petitions.services import petition_count

    client = Client()
    campaign = Campaign.objects.filter(status="live").order_by("pk").first() or Campaign.objects.first()
    assert campaign is not None
    petition = Petition.objects.order_by("pk").first()
    assert petition is not None
    petition_count(petition=petition)  # the counts the public pages read, as of this data
    carer = Submission.objects.filter(email_canonical="growth-carer@example.org").first()
    assert carer is not None
    my_actions = my_actions_url(carer).split("://", 1)[-1].split("/", 1)[1]
    today = timezone.localdate()

    def get(path: str) -> Any:
        def fetch() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return fetch

    return {
        "campaign page": get(f"/campaigns/{campaign.slug}/"),
        "postcode API": get("/api/v1/postcodes/XX1%201AA"),
        "my actions": get("/" + my_actions),
        "What is working, 30 days": lambda: _figures({"start": today - dt.timedelta(days=29), "end": today}),
        "What is working, recounting today": lambda: _working_recounting_today(today),
        "counts by constituency (read)": lambda: area_counts(petition=petition, area_type="constituency"),
        "petition count job": lambda: petition_count(petition=petition),
    }


def _working_recounting_today(today: dt.date) -> None:
    """The page as a read pays when the figures are over a minute old and every action had
    activity just now: each action's latest submission touched, then the page with no lag
    allowed. Each (hour, action) those rows count on is recounted from the raw rows (the day
    whole before hourly rollups: with the generator, about 100,000 submissions today)."""
    from django.db.models import OuterRef, Subquery
    from django.test import override_settings
    from django.utils import timezone

    from kinship.campaigns.models import Action
    from kinship.core.rollup import day_bounds
    from kinship.dashboard.working import _figures
    from kinship.messaging.models import Submission

    start, end = day_bounds(today)
    latest = Submission.objects.filter(
        action_id=OuterRef("pk"), created_at__gte=start, created_at__lt=end
    ).order_by("-created_at")
    touched = Action.objects.annotate(last=Subquery(latest.values("pk")[:1])).values_list("last", flat=True)
    Submission.objects.filter(pk__in=[pk for pk in touched if pk]).update(updated_at=timezone.now())
    with override_settings(KINSHIP_WORKING_LAG_SECONDS=0):
        _figures({"start": today - dt.timedelta(days=29), "end": today})


def _worker(scale: float, runs: int) -> None:
    import django

    django.setup()
    from django.db import connection

    _carer()
    empty = {name: _median_ms(fn, runs) for name, fn in _cases().items()}
    started = time.perf_counter()
    sizes = _load(scale)
    with connection.cursor() as cursor:
        # As autovacuum would soon after a load (PostgreSQL 13+ also vacuums after inserts).
        cursor.execute("VACUUM ANALYZE")
    load_seconds = time.perf_counter() - started
    # COPY wrote the rows with old `updated_at` times, behind the daily rollups' marks: rebuild
    # them, as `manage.py rebuild_rollups` after any bulk load.
    from kinship.messaging.services.rollup import messaging_rollup_refresh
    from kinship.supporters.rollup import signups_rollup_refresh

    started = time.perf_counter()
    messaging_rollup_refresh(rebuild=True)
    signups_rollup_refresh(rebuild=True)
    rebuild_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        # The rollup tables were filled after the VACUUM ANALYZE above: as autovacuum would soon.
        for table in (
            "messaging_dailyfigures",
            "messaging_dailyareacount",
            "messaging_dailyareatotal",
            "messaging_hourlyfigures",
            "messaging_hourlyareacount",
            "supporters_dailysignups",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
        # Write the load's dirty pages out now, so the checkpoint that would otherwise fall due
        # a few minutes later does not land in the loaded timings (it did, as noise, before).
        cursor.execute("CHECKPOINT")
    loaded = {name: _median_ms(fn, runs) for name, fn in _cases().items()}
    print(
        f"Loaded {sizes['supporters']:,} supporters, {sizes['submissions']:,} submissions, "
        f"{sizes['messages']:,} messages, {sizes['signatures']:,} signatures "
        f"(scale {scale}) with COPY in {load_seconds:.0f} s (VACUUM ANALYZE included); "
        f"daily rollups rebuilt in {rebuild_seconds:.1f} s"
    )
    print(f"In-process, PostgreSQL, median of {runs} warmed runs:")
    for name in empty:
        ratio = loaded[name] / empty[name]
        mark = "ok" if ratio <= 1.2 else "OVER GOAL"
        print(
            f"  {name:<32} empty {empty[name]:8.2f} ms  loaded {loaded[name]:8.2f} ms  ratio {ratio:5.2f}  {mark}"
        )


def _carer() -> None:
    """One carer with three actions taken, whose "my actions" page is timed."""
    from kinship.campaigns.models import Action
    from kinship.messaging.models import Message, MessageStatus, Submission, SubmissionStatus

    action = Action.objects.order_by("pk").first()
    assert action is not None
    for n in range(3):
        sub = Submission.objects.create(
            action=action,
            status=SubmissionStatus.CONFIRMED,
            first_name="Growth",
            last_name="Carer",
            email="growth-carer@example.org",
            email_canonical="growth-carer@example.org",
            subject=f"Kinship care {n}",
            body="Please support kinship carers.",
        )
        Message.objects.create(
            submission=sub,
            action=action,
            status=MessageStatus.SENT,
            recipient_name="An MP",
            recipient_role="mp",
        )


# ------------------------------------------------------------------ loading with COPY


def _copy(model: Any, columns: list[str], rows: Any) -> int:
    """COPY rows (tuples in `columns` order; None for NULL) into the model's table."""
    from django.db import connection

    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join("\\N" if v is None else _text(v) for v in row))
                buffer.write("\n")
                count += 1
                if count % 20000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
    return count


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _fill(model: Any, given: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """Every concrete column of the model: `given` values, else the field's default, else NULL
    (nullable) or empty. Keeps the generator true to the real model's columns."""
    from django.db.models import NOT_PROVIDED, AutoField

    columns, values = [], []
    for field in model._meta.concrete_fields:
        if isinstance(field, AutoField):
            continue
        columns.append(field.column)
        if field.name in given:
            values.append(given[field.name])
        elif field.default is not NOT_PROVIDED:
            values.append(field.default() if callable(field.default) else field.default)
        elif field.null:
            values.append(None)
        else:
            values.append("")
    return columns, values


def _load(scale: float) -> dict[str, int]:  # noqa: C901 (one generator per table, kept together)
    from django.utils import timezone

    from kinship.campaigns.models import Action
    from kinship.geography.models import Area, AreaType
    from kinship.messaging.models import Message, MessageStatus, Submission, SubmissionStatus
    from kinship.petitions.models import Petition, Signature, SignatureStatus
    from kinship.supporters.models import Supporter

    rng = random.Random(17)
    n = {key: max(1, int(value * scale)) for key, value in FULL.items()}
    now = timezone.now()
    constituencies = list(Area.objects.filter(type=AreaType.CONSTITUENCY).values_list("code", "name")) or [
        ("E14000001", "Somewhere")
    ]
    councils = list(
        Area.objects.filter(type__in=["county", "unitary", "metropolitan", "london_borough"]).values_list(
            "code", "name"
        )
    ) or [("E10000001", "Somecouncil")]
    actions = list(Action.objects.values_list("pk", flat=True))
    petitions = list(Petition.objects.values_list("pk", flat=True))

    def when() -> dt.datetime:
        # Over a year, busier recently (a campaign that grows).
        return now - dt.timedelta(minutes=int(365 * 24 * 60 * rng.random() ** 2))

    def supporters() -> Any:
        for i in range(n["supporters"]):
            created = when()
            yield _fill(
                Supporter,
                {
                    "email": f"supporter{i}@example.org",
                    "name": f"Supporter {i}",
                    "postcode": "XX1 1AA",
                    "created_at": created,
                    "updated_at": created,
                },
            )[1]

    def submissions() -> Any:
        statuses = [SubmissionStatus.CONFIRMED] * 8 + [
            SubmissionStatus.AWAITING_CONFIRMATION,
            SubmissionStatus.ABANDONED,
        ]
        for i in range(n["submissions"]):
            created = when()
            constituency = rng.choice(constituencies)
            council = rng.choice(councils)
            status = rng.choice(statuses)
            yield _fill(
                Submission,
                {
                    "created_at": created,
                    "updated_at": created,
                    "action": rng.choice(actions),
                    "status": status,
                    "first_name": "Carer",
                    "last_name": str(i),
                    "email": f"carer{i % (n['submissions'] // 2 + 1)}@example.org",
                    "email_canonical": f"carer{i % (n['submissions'] // 2 + 1)}@example.org",
                    "postcode": "XX1 1AA",
                    "constituency_code": constituency[0],
                    "constituency_name": constituency[1],
                    "council_code": council[0],
                    "council_name": council[1],
                    "nation": "england",
                    "subject": "Kinship care",
                    "body": "Please support kinship carers in our area.",
                    "confirmed_at": created if status == SubmissionStatus.CONFIRMED else None,
                    "fingerprint": [],
                    "repeat_key": f"growth-{i}",
                },
            )[1]

    # What the messages need of each submission, kept compactly while the submissions are
    # written (the connection is busy with COPY, so they cannot be read back meanwhile).
    sub_action = array("q")
    sub_minutes = array("i")
    sub_confirmed = bytearray()

    sub_columns = _fill(Submission, {})[0]
    col = {name: sub_columns.index(name) for name in ("action_id", "created_at", "status")}

    def submissions_kept() -> Any:
        for values in submissions():
            sub_action.append(values[col["action_id"]])
            sub_minutes.append(int((now - values[col["created_at"]]).total_seconds() // 60))
            sub_confirmed.append(values[col["status"]] == SubmissionStatus.CONFIRMED)
            yield values

    supporter_columns = _fill(Supporter, {})[0]
    counts = {"supporters": _copy(Supporter, supporter_columns, supporters())}
    counts["submissions"] = _copy(Submission, sub_columns, submissions_kept())
    # One session's COPY takes consecutive ids from the sequence.
    first_sub = Submission.objects.filter(repeat_key="growth-0").values_list("pk", flat=True).get()

    def messages() -> Any:
        made = 0
        per = n["messages"] / n["submissions"]
        for i in range(len(sub_action)):
            created = now - dt.timedelta(minutes=sub_minutes[i])
            sent = bool(sub_confirmed[i])
            k = int(per) + (1 if rng.random() < per - int(per) else 0)
            for role in ("mp", "lead_member_children", "ward_councillor", "leader")[:k]:
                if made >= n["messages"]:
                    return
                made += 1
                yield _fill(
                    Message,
                    {
                        "created_at": created,
                        "updated_at": created,
                        "submission": first_sub + i,
                        "action": sub_action[i],
                        "status": (MessageStatus.SENT if rng.random() < 0.95 else MessageStatus.BOUNCED)
                        if sent
                        else MessageStatus.AWAITING_CONFIRMATION,
                        "recipient_name": "A representative",
                        "recipient_role": role,
                        "sent_at": created if sent else None,
                        "office": None,
                        "follow_up_of": None,
                    },
                )[1]

    counts["messages"] = _copy(Message, _fill(Message, {})[0], messages())

    def signatures() -> Any:
        statuses = [SignatureStatus.CONFIRMED] * 9 + [SignatureStatus.PENDING]
        for i in range(n["signatures"]):
            created = when()
            constituency = rng.choice(constituencies)
            council = rng.choice(councils)
            status = rng.choice(statuses)
            yield _fill(
                Signature,
                {
                    "petition": rng.choice(petitions),
                    "name": f"Signer {i}",
                    "name_key": f"signer {i}",
                    "email": f"signer{i}@example.org",
                    "email_canonical": f"signer{i}@example.org",
                    "email_domain": "example.org",
                    "postcode": "XX1 1AA",
                    "constituency_code": constituency[0],
                    "constituency_name": constituency[1],
                    "council_code": council[0],
                    "council_name": council[1],
                    "status": status,
                    "created_at": created,
                    "confirmed_at": created if status == SignatureStatus.CONFIRMED else None,
                },
            )[1]

    counts["signatures"] = _copy(Signature, _fill(Signature, {})[0], signatures())
    return counts


if __name__ == "__main__":
    main()
