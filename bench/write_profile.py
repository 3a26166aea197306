"""Issue 17: what each write path costs inside the request (queries and time), in-process.

Runs the three public write paths through Django's test client against a throw-away
PostgreSQL database with the demo data loaded, and prints per path: queries per request (and
the statements of one request with --show-sql), median and p95 time per request, and
optionally a cProfile of the slowest part (--profile PATH). Rate limits are off, so every
request does the full work. "CPU" is this process's CPU time per request (Django's Python, not
the database server's work nor the wait for it): the figure least moved by a busy machine. The figures are in-process (no gunicorn, no network): they show
where the time goes, not the throughput; bench/submissions_bench.py and friends measure that.

    .venv/bin/python bench/write_profile.py [--requests 200] [--show-sql] [--profile join|submit|sign]
        [--compare] [--baseline DIR --rounds 4]

--baseline DIR: the same measurement of another checkout of the code (a `git worktree` of the
commit to compare with, same migrations) on the same database, round by round in turn with
this one (ABBA order), so a machine whose load comes and goes slows both alike; prints each
round and the median of the rounds' CPU medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, ROOT, dev_env, manage, postgres_database  # noqa: E402

INNER = r"""
import cProfile, json, os, pstats, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

n = int(os.environ["BENCH_REQUESTS"])
offset = int(os.environ.get("BENCH_OFFSET", "0"))  # new addresses for each run on one database
show_sql = os.environ.get("BENCH_SHOW_SQL") == "1"
profile = os.environ.get("BENCH_PROFILE", "")
client = Client(enforce_csrf_checks=False)
BODY = ("I am a kinship carer raising my grandson. We had no help from the council for a year and nearly "
        "lost our home. Please press the government for equal allowances for kinship families.")

from urllib.parse import urlencode
from django.db import close_old_connections

def join(i):
    # Form-encoded, as a browser and bench/foundation_bench.py send it (the test client's default,
    # multipart, cost a sixth of the join's CPU in parsing before 1 December 2026).
    return client.post("/campaigns/value-our-love/join/", urlencode({
        "name": f"Profile Person {i}", "email": f"profile-join{i}@example.org", "postcode": "",
        "is_kinship_carer": "yes", "consent_contact": "on"}),
        content_type="application/x-www-form-urlencoded")

def submit(i):
    payload = {"postcode": "XX1 1AA", "first_name": "Profile", "last_name": f"Carer {i}",
               "email": f"profile-submit{i}@example.org", "address_line1": f"{i} Maple Road",
               "town": "Fictionham", "subject": "Support for kinship families",
               "body": f"{BODY} ({i})", "consent_contact": False}
    return client.post("/api/v1/actions/email-your-mp/submissions", json.dumps(payload),
                       content_type="application/json")

def sign(i):
    payload = {"name": f"Profile Signer {i}", "email": f"profile-sign{i}@example.org",
               "postcode": ["XX1 1AA", "XX1 1AB", "XX1 2AB", "XX2 1AA", "XX3 1AA"][i % 5]}
    return client.post("/api/v1/actions/value-our-love-petition/submissions", json.dumps(payload),
                       content_type="application/json")

PATHS = {"join": (join, 302), "submit": (submit, 202), "sign": (sign, 202)}
# --compare: the compiled INSERTs ("fast"), the same without server-side prepared statements
# ("unprepared"), and the ORM ("orm": kinship.core.inserts.enabled off, so Model.save() and
# bulk_create() and a savepoint for the join's insert-first, as before issue 17's fast path),
# request by request in turn, so a busy machine slows each alike. Queries are counted on the
# first three requests of each side only (with or without --compare): capturing them turns the
# prepared statements off, so the rest are timed without.
SIDES = ("fast", "unprepared", "orm") if os.environ.get("BENCH_COMPARE") == "1" else ("",)
COUNTED = 3 * len(SIDES)  # the statements are the same every time; the first requests show them
from contextlib import nullcontext
from kinship.core import inserts
def choose(side):
    inserts.enabled, inserts.prepared = side != "orm", side != "unprepared"
out = {}
for name, (fn, ok) in PATHS.items():
    for i in range(5):  # warm: imports, per-process caches, connection
        for side in SIDES:
            choose(side)
            assert fn(offset + 10**6 + 10 * i + len(side)).status_code == ok, name
    runs = {side: ([], [], []) for side in SIDES}
    for i in range(n):
        side = SIDES[i % len(SIDES)]
        choose(side)
        times, cpu, queries = runs[side]
        counting = i < COUNTED
        with (CaptureQueriesContext(connection) if counting else nullcontext()) as ctx:
            started, started_cpu = time.perf_counter(), time.process_time()
            # What request_started does under gunicorn (the test client leaves it out): a reused
            # connection is due its CONN_HEALTH_CHECKS check again before the request's first query.
            close_old_connections()
            response = fn(offset + i)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == ok, (name, response.status_code)
        if counting:
            queries.append(len(ctx.captured_queries))
        if show_sql and counting and i >= COUNTED - len(SIDES):
            print(f"--- {name}{' (' + side + ')' if side else ''}: the statements of one request")
            for q in ctx.captured_queries:
                print("   ", q["sql"][:220])
    choose("fast")
    for side, (times, cpu, queries) in runs.items():
        times.sort()
        out[f"{name} {side}".strip()] = (
            statistics.median(queries), statistics.median(times), times[int(0.95 * (len(times) - 1))],
            statistics.median(cpu))
    if profile == name:
        prof = cProfile.Profile(time.process_time)  # CPU, not the wait for the database
        prof.enable()
        for i in range(n):
            close_old_connections()
            fn(offset + 2 * 10**6 + i)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(60)
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
for name, (q, med, p95, cpu_med) in out.items():
    print(f"RESULT {name:<17} queries/request {q:4.0f}   median {med:6.2f} ms   p95 {p95:6.2f} ms   "
          f"CPU median {cpu_med:5.2f} ms")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--show-sql", action="store_true")
    parser.add_argument("--profile", choices=["join", "submit", "sign"], default="")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="interleave requests with the compiled INSERTs unprepared and off (the ORM)",
    )
    parser.add_argument("--baseline", type=Path, help="another checkout to measure in turn with this one")
    parser.add_argument("--rounds", type=int, default=4, help="with --baseline: rounds of each")
    args = parser.parse_args()
    with postgres_database(f"kinship_bench_write_profile_{os.getpid()}") as database_url:
        env = dev_env(
            database_url,
            KINSHIP_RATE_LIMITS="off",
            KINSHIP_MAIL_MODE="capture",
            KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET="1000000",
        )
        manage(env, "migrate", "--noinput")
        for command in ("load_demo_places", "load_demo_people", "load_demo_campaigns", "load_demo_petitions"):
            manage(env, command)
        env.update(
            BENCH_REQUESTS=str(args.requests),
            BENCH_SHOW_SQL="1" if args.show_sql else "0",
            BENCH_PROFILE=args.profile,
            BENCH_COMPARE="1" if args.compare else "0",
        )
        if args.baseline is None:
            started = time.time()
            subprocess.run([PYTHON, "-c", INNER], cwd=ROOT, env=env, check=True)
            print(f"(in-process, {time.time() - started:.0f} s; load average {os.getloadavg()[0]:.2f})")
            return
        _against_baseline(env, args.baseline.resolve(), args.rounds)


def _against_baseline(env: dict[str, str], baseline: Path, rounds: int) -> None:
    trees = {"baseline": baseline, "this": ROOT}
    cpu: dict[tuple[str, str], list[float]] = {}
    run = 0
    for r in range(rounds):
        order = ["baseline", "this"] if r % 2 == 0 else ["this", "baseline"]
        for side in order:
            run += 1
            load = os.getloadavg()[0]
            out = subprocess.run(
                [PYTHON, "-c", INNER],
                cwd=trees[side],
                env={**env, "BENCH_OFFSET": str(run * 10**7)},
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for line in out.splitlines():
                if line.startswith("RESULT"):
                    path = line.split()[1]
                    cpu.setdefault((path, side), []).append(float(line.split()[-2]))
                    print(f"round {r + 1} {side:<8} (load {load:4.2f}) {line[7:]}")
    print("CPU median per request, the median of the rounds (baseline -> this):")
    for path in dict.fromkeys(p for p, _ in cpu):
        before, after = statistics.median(cpu[(path, "baseline")]), statistics.median(cpu[(path, "this")])
        print(f"  {path:<8} {before:5.2f} -> {after:5.2f} ms ({(after - before) / before:+.0%})")
    print(f"(load average now {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
