"""Issue 5 benchmark: taking action under load (gunicorn, production settings, PostgreSQL).

1. Submissions per second through the JSON API (POST /api/v1/actions/email-your-mp/submissions:
   postcode lookup and representatives (memoised per process), then the submission, its message
   rows and the confirmation email's outbox row in one transaction; the email is rendered and the
   near-copy check run by the worker), as a ratio to GET /hello on the same stack
   (goal: 0.35 or better).
2. p95 latency with submissions arriving at a fixed 40 a second.
3. Outbox drain: every submission is confirmed, then two `manage.py worker` processes deliver the
   queue (confirmation emails and the messages themselves) to an aiosmtpd server on loopback:
   each worker's drain loop claims batches of due outbox rows and sends a batch over one SMTP
   connection. The drain rate in submissions per second as a ratio to the submission rate
   (goal: 1 or better), timed from starting the workers (their start-up included); the
   steady-state rate (first to last delivery) is printed as well.

    .venv/bin/python bench/submissions_bench.py [--seconds 10] [--concurrency 8] [--workers 4]

Loopback only; every phase is bounded in time. Rate limits are off for the run (KINSHIP_RATE_LIMITS=off).
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    PYTHON,
    ROOT,
    free_port,
    gunicorn,
    manage,
    postgres_database,
    prepare_site,
    production_env,
    run_load,
    run_paced,
)
from _harness import get as get_request  # noqa: E402

ACTION = "email-your-mp"
URL = f"/api/v1/actions/{ACTION}/submissions"
BODY = (
    "I am a kinship carer raising my grandson. We had no help from the council for a year and nearly lost "
    "our home. Please press the government for equal allowances for kinship families."
)


def submit_request(prefix: str):  # type: ignore[no-untyped-def]
    def request(conn: http.client.HTTPConnection, n: int) -> int:
        payload = {
            "postcode": "XX1 1AA",
            "first_name": "Bench",
            "last_name": f"Carer {n}",
            "email": f"{prefix}{n}@example.org",
            "address_line1": f"{n} Maple Road",
            "town": "Fictionham",
            "subject": "Support for kinship families",
            "body": f"{BODY} ({prefix}{n})",
            "consent_contact": False,
        }
        conn.request("POST", URL, body=json.dumps(payload), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status if response.status == 202 else 500

    return request


class Sink:
    def __init__(self) -> None:
        self.count = 0
        self.first = 0.0
        self.last = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        with self.lock:
            self.count += 1
            self.last = time.time()
            self.first = self.first or self.last
        return "250 OK"


def sql(database_url: str, query: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(query).fetchone()
        return int(row[0]) if row else 0


CONFIRM_ALL = """
from kinship.messaging import services, tokens
from kinship.messaging.models import Submission
for pk in Submission.objects.filter(status="awaiting_confirmation").values_list("pk", flat=True):
    services.submission_confirm(token=tokens.make_token(pk, salt=tokens.CONFIRM_SALT))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--paced-rate", type=float, default=40.0)
    parser.add_argument("--drain-timeout", type=float, default=240.0)
    parser.add_argument(
        "--drain-threads",
        type=int,
        default=0,
        help="drain threads per worker process (0: the worker's default)",
    )
    args = parser.parse_args()

    with postgres_database("kinship_bench_messaging") as database_url:
        # A bench sends everything to one MP: lift the per-target daily cap for the run.
        env = production_env(database_url, KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET="1000000")
        prepare_site(env)
        for command in ("load_demo_places", "load_demo_people", "load_demo_campaigns"):
            manage(env, command)

        with gunicorn(env, workers=args.workers) as port:
            for _ in range(args.workers * 3):  # warm every worker (imports, connections)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                submit_request("warm")(conn, _)
                get_request("/hello")(conn, _)
            hello = run_load(
                "GET /hello", port, get_request("/hello"), seconds=args.seconds, concurrency=args.concurrency
            )
            submit = run_load(
                "POST submissions (API)",
                port,
                submit_request("load"),
                seconds=args.seconds,
                concurrency=args.concurrency,
            )
            paced = run_paced(
                f"POST at {args.paced_rate:.0f}/s (paced)",
                port,
                submit_request("paced"),
                rate=args.paced_rate,
                seconds=args.seconds,
            )

        submissions = sql(database_url, "SELECT count(*) FROM messaging_submission")
        # Confirm everything (as carers clicking their links would), queueing one message each.
        subprocess.run([PYTHON, "manage.py", "shell", "-c", CONFIRM_ALL], cwd=ROOT, env=env, check=True)
        messages = sql(database_url, "SELECT count(*) FROM messaging_message WHERE status = 'queued'")
        service_emails = sql(database_url, "SELECT count(*) FROM core_outboundemail WHERE status = 'queued'")

        from aiosmtpd.controller import Controller

        smtp_port = free_port()
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        worker_env = {
            **env,
            "KINSHIP_MAIL_MODE": "live",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
        }
        began = time.time()
        workers = [
            subprocess.Popen(
                [
                    PYTHON,
                    "manage.py",
                    "worker",
                    "--no-startup-delay",
                    "--interval",
                    "0.05",
                    "--no-periodic",
                    *(["--drain-threads", str(args.drain_threads)] if args.drain_threads else []),
                    "-v",
                    "0",
                ],
                cwd=ROOT,
                env=worker_env,
                start_new_session=True,
            )
            for _ in range(2)
        ]
        try:
            deadline = began + args.drain_timeout
            while time.time() < deadline:
                left = sql(
                    database_url,
                    "SELECT (SELECT count(*) FROM messaging_message WHERE status IN ('queued','sending'))"
                    " + (SELECT count(*) FROM core_outboundemail WHERE status IN ('queued','sending'))",
                )
                if left == 0:
                    break
                time.sleep(0.2)
            drain_seconds = time.time() - began
        finally:
            for proc in workers:
                proc.terminate()
            for proc in workers:
                proc.wait(timeout=30)
            controller.stop()
        sent_messages = sql(database_url, "SELECT count(*) FROM messaging_message WHERE status = 'sent'")
        duplicates = sink.count - (
            sent_messages + sql(database_url, "SELECT count(*) FROM core_outboundemail WHERE status = 'sent'")
        )

    print()
    print(hello.line())
    print(submit.line(hello))
    print(paced.line())
    print()
    print(
        f"submissions stored: {submissions}; messages queued after confirming: {messages}; confirmation emails queued: {service_emails}"
    )
    drained_emails = sink.count
    emails_per_second = drained_emails / drain_seconds if drain_seconds else 0.0
    submissions_per_second = messages / drain_seconds if drain_seconds else 0.0
    print(
        f"drain with 2 workers: {drained_emails} emails to SMTP in {drain_seconds:.1f}s = {emails_per_second:.1f} emails/s "
        f"({submissions_per_second:.1f} submissions/s fully delivered: confirmation + message); "
        f"messages sent {sent_messages}/{messages}; extra deliveries {max(duplicates, 0)}"
    )
    steady = sink.last - sink.first
    steady_per_second = messages / steady if steady > 0 else 0.0
    print(
        f"steady state (first to last delivery, worker start-up excluded): {steady:.1f}s = "
        f"{drained_emails / steady if steady > 0 else 0.0:.1f} emails/s ({steady_per_second:.1f} submissions/s)"
    )
    ratio = submissions_per_second / submit.rps if submit.rps else 0.0
    print()
    print(f"RESULT submissions/hello ratio: {submit.rps / hello.rps:.2f} (goal >= 0.35)")
    print(
        f"RESULT p95 at {args.paced_rate:.0f} submissions/s: {paced.pct(95):.1f} ms (errors {paced.errors})"
    )
    print(f"RESULT drain/submission ratio: {ratio:.2f} (goal >= 1)")
    steady_ratio = steady_per_second / submit.rps if submit.rps else 0.0
    print(f"RESULT drain/submission ratio, steady state: {steady_ratio:.2f}")


if __name__ == "__main__":
    main()
