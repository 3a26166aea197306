"""Issue 17: the worker's CPU per email when draining the outboxes, in-process.

Makes the peak's emails in a throw-away PostgreSQL database with the demo data (submissions
through the JSON API, each confirmed, so a confirmation rendered in the worker and a message to
the MP each; joins, whose confirmations carry List-Unsubscribe; petition signatures), then in a
second process with production settings and live mail to the SMTP sink (aiosmtpd in a process
of its own, so its CPU is not counted) drains both outboxes with one thread, as one drain thread
of `manage.py worker` does. Printed per outbox: the emails sent and this process's CPU time per
email (`time.process_time`, so a busy machine slows it less than wall time would; the database
server's and the sink's CPU are not in it), the median of `--rounds` rounds. `--profile PATH`
adds one more round under cProfile (CPU time, not wall) and writes its statistics to PATH (read with `python -m pstats`).

    .venv/bin/python bench/drain_profile.py [--emails 300] [--rounds 3] [--profile /tmp/drain.prof]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    PYTHON,
    ROOT,
    dev_env,
    manage,
    postgres_database,
    production_env,
    smtp_sink,
    worker_env,
)

# Makes `BENCH_EMAILS` submissions (confirmed), joins and signatures; prints nothing.
MAKE = r"""
import json, os
import django
django.setup()
from django.test import Client
from kinship.messaging import services, tokens
from kinship.messaging.models import Submission

n, tag = int(os.environ["BENCH_EMAILS"]), os.environ["BENCH_TAG"]
client = Client(enforce_csrf_checks=False)
BODY = ("I am a kinship carer raising my grandson. We had no help from the council for a year and nearly "
        "lost our home. Please press the government for equal allowances for kinship families.")
for i in range(n):
    payload = {"postcode": "XX1 1AA", "first_name": "Profile", "last_name": f"Carer {i}",
               "email": f"drain-{tag}-submit{i}@example.org", "address_line1": f"{i} Maple Road",
               "town": "Fictionham", "subject": "Support for kinship families",
               "body": f"{BODY} ({tag} {i})", "consent_contact": False}
    response = client.post("/api/v1/actions/email-your-mp/submissions", json.dumps(payload),
                           content_type="application/json")
    assert response.status_code == 202, response.status_code
    response = client.post("/campaigns/value-our-love/join/", {
        "name": f"Profile Person {i}", "email": f"drain-{tag}-join{i}@example.org", "postcode": "",
        "is_kinship_carer": "yes", "consent_contact": "on"})
    assert response.status_code == 302, response.status_code
    payload = {"name": f"Profile Signer {i}", "email": f"drain-{tag}-sign{i}@example.org", "postcode": "XX1 1AA"}
    response = client.post("/api/v1/actions/value-our-love-petition/submissions", json.dumps(payload),
                           content_type="application/json")
    assert response.status_code == 202, response.status_code
for pk in Submission.objects.filter(status="awaiting_confirmation").values_list("pk", flat=True):
    services.submission_confirm(token=tokens.make_token(pk, salt=tokens.CONFIRM_SALT))
"""

# Drains both outboxes with one thread; prints one RESULT line per outbox.
DRAIN = r"""
import cProfile, gc, os, time
import django
django.setup()
from kinship.core.outbox import outbound_emails_drain
from kinship.messaging.services.delivery import messages_drain

profile = os.environ.get("BENCH_PROFILE_PATH", "")
prof = cProfile.Profile(time.process_time) if profile else None
for name, drain in (("service emails", outbound_emails_drain), ("messages", messages_drain)):
    gc.collect()
    sent = 0
    cpu = time.process_time()
    if prof:
        prof.enable()
    while claimed := drain():
        sent += claimed
    if prof:
        prof.disable()
    cpu = time.process_time() - cpu
    print(f"RESULT\t{name}\t{sent}\t{cpu}", flush=True)
if prof:
    prof.dump_stats(profile)
"""


def _round(
    env: dict[str, str], drain_env: dict[str, str], tag: str, emails: int
) -> dict[str, tuple[int, float]]:
    subprocess.run(
        [PYTHON, "-c", MAKE], cwd=ROOT, env={**env, "BENCH_EMAILS": str(emails), "BENCH_TAG": tag}, check=True
    )
    out = subprocess.run(
        [PYTHON, "-c", DRAIN], cwd=ROOT, env=drain_env, check=True, capture_output=True, text=True
    ).stdout
    figures: dict[str, tuple[int, float]] = {}
    for line in out.splitlines():
        if line.startswith("RESULT\t"):
            _, name, sent, cpu = line.split("\t")
            figures[name] = (int(sent), float(cpu))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=300, help="submissions (and joins, signatures) a round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", default="", help="write a cProfile of one more round to this path")
    args = parser.parse_args()
    with postgres_database("kinship_bench_drain_profile") as database_url:
        env = dev_env(
            database_url,
            KINSHIP_RATE_LIMITS="off",
            KINSHIP_MAIL_MODE="capture",
            KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET="1000000",
        )
        manage(env, "migrate", "--noinput")
        for command in ("load_demo_places", "load_demo_people", "load_demo_campaigns", "load_demo_petitions"):
            manage(env, command)
        started = time.time()
        with smtp_sink() as sink:
            drain_env = worker_env(
                production_env(database_url, KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET="1000000"), sink.port
            )
            per_email: dict[str, list[float]] = {}
            counts: dict[str, int] = {}
            for n in range(args.rounds):
                for name, (sent, cpu) in _round(env, drain_env, f"r{n}", args.emails).items():
                    per_email.setdefault(name, []).append(cpu / sent * 1000 if sent else 0.0)
                    counts[name] = sent
            if args.profile:
                _round(env, {**drain_env, "BENCH_PROFILE_PATH": args.profile}, "profile", args.emails)
        for name, values in per_email.items():
            values.sort()
            print(
                f"RESULT {name:<15} {counts[name]:5d} emails a round   CPU per email: median "
                f"{values[len(values) // 2]:.3f} ms (rounds: {', '.join(f'{v:.3f}' for v in values)})"
            )
        print(f"({time.time() - started:.0f} s; load average {os.getloadavg()[0]:.2f})")
        if args.profile:
            print(f"cProfile of one more round: {args.profile}")


if __name__ == "__main__":
    main()
