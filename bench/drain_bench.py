"""Issue 17 benchmark: does the outbox drain keep up at the peak, and how late are emails?

Submissions arrive through the JSON API at a fixed peak rate (open loop, gunicorn, production
settings, PostgreSQL) while two `manage.py worker` processes drain the outbox to a local SMTP
server (aiosmtpd in a process of its own, pinned to one core when the machine allows:
`bench/_harness.py: smtp_sink`). A confirmer process confirms each submission as a carer
pressing the link would, so the messages to representatives are sent too (two emails per
submission: the confirmation, then the message).

Printed:
- the submission rate achieved, p95 latency of the POST;
- the confirmation-email lag, from the moment the POST was due to the SMTP server having the
  email (p50/p95/max; goal p95 ≤ 60 s);
- the drain rate ÷ the rate emails were made during the peak (≥ 1 means the queue does not
  grow), the deepest the queue got, and the time to empty it after the peak;
- lost (stored but never delivered) and sent twice (the same Message-ID twice): both must be 0.

    .venv/bin/python bench/drain_bench.py [--rate 40] [--seconds 20] [--workers 4] [--smtp-cpu 1]

Loopback only; every phase is bounded in time. Rate limits are off for the run.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    PYTHON,
    ROOT,
    gunicorn,
    manage,
    percentile,
    postgres_database,
    prepare_site,
    production_env,
    run_paced,
    smtp_sink,
    start_workers,
    stop_workers,
)
from submissions_bench import submit_request  # noqa: E402

# Confirms waiting submissions until the stop file appears (carers pressing their links).
CONFIRMER = """
import os, time
from kinship.messaging import services, tokens
from kinship.messaging.models import Submission
stop = os.environ["BENCH_STOP_FILE"]
while not os.path.exists(stop):
    pks = list(Submission.objects.filter(status="awaiting_confirmation").order_by("pk").values_list("pk", flat=True)[:200])
    for pk in pks:
        services.submission_confirm(token=tokens.make_token(pk, salt=tokens.CONFIRM_SALT))
    if not pks:
        time.sleep(0.1)
"""

QUEUE_SQL = (
    "SELECT (SELECT count(*) FROM messaging_message WHERE status IN ('queued','sending'))"
    " + (SELECT count(*) FROM core_outboundemail WHERE status IN ('queued','sending'))"
)


def sql(database_url: str, query: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(query).fetchone()
        return int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=40.0, help="submissions per second at the peak")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--drain-threads", type=int, default=0, help="0: the worker's default")
    parser.add_argument("--smtp-cpu", type=int, default=(os.cpu_count() or 1) - 1)
    parser.add_argument("--settle", type=float, default=120.0, help="seconds allowed to empty the queue")
    args = parser.parse_args()

    with postgres_database("kinship_bench_drain") as database_url:
        env = production_env(database_url, KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET="1000000")
        prepare_site(env)
        for command in ("load_demo_places", "load_demo_people", "load_demo_campaigns"):
            manage(env, command)
        stop_file = Path(f"/tmp/kinship-drain-bench-stop-{os.getpid()}")
        stop_file.unlink(missing_ok=True)
        with smtp_sink(cpu=args.smtp_cpu) as sink, gunicorn(env, workers=args.workers) as port:
            for n in range(args.workers * 3):  # warm every web worker
                submit_request("warm")(http.client.HTTPConnection("127.0.0.1", port, timeout=10), n)
            workers = start_workers(env, smtp_port=sink.port, count=2, drain_threads=args.drain_threads)
            confirmer = subprocess.Popen(
                [PYTHON, "manage.py", "shell", "-c", CONFIRMER],
                cwd=ROOT,
                env={**env, "BENCH_STOP_FILE": str(stop_file)},
                start_new_session=True,
            )
            time.sleep(3)  # workers and confirmer up; the warm-up emails drained
            depth: list[int] = []
            sampling = threading.Event()

            def sample() -> None:
                while not sampling.is_set():
                    depth.append(sql(database_url, QUEUE_SQL))
                    sampling.wait(0.5)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            due_at: dict[str, float] = {}
            post = submit_request("peak")
            began = time.time()

            def request(conn: http.client.HTTPConnection, n: int) -> int:
                due_at[f"peak{n}@example.org"] = time.time()
                return post(conn, n)

            paced = run_paced(
                f"POST at {args.rate:.0f}/s (paced)", port, request, rate=args.rate, seconds=args.seconds
            )
            peak_end = time.time()
            deadline = peak_end + args.settle
            while time.time() < deadline and sql(database_url, QUEUE_SQL) > 0:
                time.sleep(0.2)
            # The confirmer may still be making messages: wait until it has nothing left either.
            while (
                time.time() < deadline
                and sql(
                    database_url,
                    "SELECT count(*) FROM messaging_submission WHERE status = 'awaiting_confirmation'",
                )
                + sql(database_url, QUEUE_SQL)
                > 0
            ):
                time.sleep(0.2)
            emptied = time.time()
            sampling.set()
            stop_file.touch()
            confirmer.wait(timeout=60)
            stop_workers(workers)
            arrivals = sink.arrivals()
        stop_file.unlink(missing_ok=True)
        stored = sql(database_url, "SELECT count(*) FROM messaging_submission WHERE email LIKE 'peak%%'")
        messages = sql(
            database_url,
            "SELECT count(*) FROM messaging_message m JOIN messaging_submission s ON s.id = m.submission_id "
            "WHERE s.email LIKE 'peak%%' AND m.channel = 'email'",
        )
        undelivered = sql(
            database_url,
            "SELECT (SELECT count(*) FROM messaging_message WHERE status NOT IN ('sent'))"
            " + (SELECT count(*) FROM core_outboundemail WHERE status NOT IN ('sent'))",
        )

    by_id = collections.Counter(a.message_id for a in arrivals)
    twice = sum(count - 1 for count in by_id.values() if count > 1)
    first_arrival: dict[str, float] = {}
    for a in arrivals:
        if a.to in due_at and a.to not in first_arrival:
            first_arrival[a.to] = a.at  # the confirmation email comes first
    lags = [first_arrival[to] - due for to, due in due_at.items() if to in first_arrival]
    confirmations_lost = stored - len(first_arrival)
    peak_arrivals = [a for a in arrivals if began <= a.at <= peak_end]
    peak_seconds = peak_end - began
    made_per_second = (stored + messages) / peak_seconds if peak_seconds else 0.0
    delivered_per_second = len(peak_arrivals) / peak_seconds if peak_seconds else 0.0
    ratio = delivered_per_second / made_per_second if made_per_second else 0.0

    print()
    print(sink.isolation())
    print(paced.line())
    print(
        f"submissions stored {stored} ({stored / peak_seconds:.1f}/s); emails made during the peak "
        f"{made_per_second:.1f}/s (confirmation + message)"
    )
    print(
        f"delivered during the peak {delivered_per_second:.1f} emails/s; queue deepest {max(depth or [0])}; "
        f"emptied {emptied - peak_end:.1f} s after the peak"
    )
    print()
    print(
        f"RESULT drain/submission ratio at {args.rate:.0f}/s: {ratio:.2f} (goal >= 1: the queue does not grow)"
    )
    print(
        f"RESULT confirmation email lag p50 {percentile(lags, 50):.2f} s, p95 {percentile(lags, 95):.2f} s, "
        f"max {max(lags or [float('nan')]):.2f} s (goal p95 <= 60 s)"
    )
    print(
        f"RESULT lost {max(confirmations_lost, 0) + undelivered} (confirmations never delivered "
        f"{max(confirmations_lost, 0)}, rows not sent {undelivered}); sent twice {twice} (both must be 0)"
    )


if __name__ == "__main__":
    main()
