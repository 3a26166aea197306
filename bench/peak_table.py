"""Issue 17's table in one run: each peak path's requests per second through gunicorn
(production settings, PostgreSQL, Redis cache as in the README's "Running at scale") as a ratio
to a hello-world view on the same stack in the same run, and the outbox drain of two
`manage.py worker` processes against the submission rate.

Rows: the campaign page (anonymous GET, live count on it), the join POST (the form, with its
CSRF cookie and token, as foundation_bench.py), the postcode API (random real postcodes, as
postcodes_lookup.py), an action submission through the JSON API (as submissions_bench.py), a
petition signature through the JSON API (as petitions_bench.py), and the outbox drain ÷ the
submission rate. Rounds alternate hello-world and every path, so a busy machine hurts each alike;
each ratio is the mean rate over the rounds ÷ hello-world's mean.

The drain: after the rounds every submission is confirmed (queueing its message to the MP), then
two workers send the whole outbox (the confirmation emails of joins, submissions and signatures,
and the messages) to an SMTP sink on loopback in its own process. Its rate in emails a second,
from starting the workers, is compared with the emails the submission rate makes (a confirmation
and a message per submission): ratio 1 means the queue never grows at that peak.

    .venv/bin/python bench/peak_table.py [--seconds 6] [--rounds 2] [--concurrency 8] [--workers 4] [--drain-threads N]
        [--postcodes 0 (whole file) | N rows spread through it]

Loopback only; every phase bounded in time; throw-away PostgreSQL database kinship_bench_peak_table
and Redis database 14 (BENCH_REDIS_URL, default redis://127.0.0.1:6379). Rate limits are off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, ROOT, LoadResult, gunicorn, postgres_database, production_env, run_load  # noqa: E402
from _harness import get as get_request  # noqa: E402
from _peak import (  # noqa: E402
    CAMPAIGN,
    ONSPD,
    CpuMeter,
    CpuShare,
    SmtpSink,
    count,
    load_average,
    load_site,
    real_postcodes,
    redis_url,
    start_workers,
    stop_processes,
)
from foundation_bench import join_request  # noqa: E402
from petitions_bench import api_sign_request  # noqa: E402
from postcodes_lookup import api_request, small_file  # noqa: E402
from submissions_bench import CONFIRM_ALL, submit_request  # noqa: E402

GOALS = {
    "campaign page (anonymous GET, live count on it)": 0.9,
    "join POST": 0.35,
    "postcode API": 0.8,
    "action submission (API)": 0.35,
    "petition signature (API)": 0.35,
}


def offset(request, by: int):  # type: ignore[no-untyped-def]
    """The same request builder with its sequence numbers moved on (unique emails every round)."""
    return lambda conn, n: request(conn, n + by)


def paths(postcodes: list[str], r: int):  # type: ignore[no-untyped-def]
    return [
        ("campaign page (anonymous GET, live count on it)", get_request(CAMPAIGN)),
        ("join POST", offset(join_request(), r * 1_000_000)),
        ("postcode API", api_request(postcodes)),
        ("action submission (API)", submit_request(f"table{r}-")),
        ("petition signature (API)", api_sign_request(f"table{r}-")),
    ]


def measure(port: int, postcodes: list[str], args: argparse.Namespace):  # type: ignore[no-untyped-def]
    results: dict[str, list[LoadResult]] = {"hello-world": []}
    cpu: dict[str, list[CpuShare]] = {"hello-world": []}
    for _label, request in [("hello-world", get_request("/hello")), *paths(postcodes, 99)]:
        run_load("warm-up", port, request, seconds=2, concurrency=args.concurrency)
    for r in range(args.rounds):
        for label, request in [("hello-world", get_request("/hello")), *paths(postcodes, r)]:
            with CpuMeter() as meter:
                result = run_load(label, port, request, seconds=args.seconds, concurrency=args.concurrency)
            results.setdefault(label, []).append(result)
            cpu.setdefault(label, []).append(meter.share)
            print(f"  round {r + 1}: {result.line()}  [{meter.share.line()}]", flush=True)
    return results, cpu


def drain(env: dict[str, str], database_url: str, tmp: Path, drain_threads: int = 0) -> dict[str, float]:
    """Confirm every submission, then time two workers sending the whole outbox to the sink."""
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", CONFIRM_ALL], cwd=ROOT, env=env, check=True, capture_output=True
    )
    queued = (
        "(SELECT count(*) FROM messaging_message WHERE status IN ('queued','sending'))"
        " + (SELECT count(*) FROM core_outboundemail WHERE status IN ('queued','sending'))"
    )
    emails = count(database_url, f"SELECT {queued}")
    sink = SmtpSink(tmp / "smtp.jsonl")
    began = time.time()
    workers = start_workers(env, sink.port, n=2, drain_threads=drain_threads)
    try:
        deadline = began + 300
        while time.time() < deadline and count(database_url, f"SELECT {queued}") > 0:
            time.sleep(0.2)
        seconds = time.time() - began
        sink_cpu = sink.cpu_seconds()
    finally:
        stop_processes(workers)
        sink.stop()
    arrivals = sink.all_arrivals()
    ids = [a["id"] for a in arrivals]
    times = sorted(a["t"] for a in arrivals)
    sent = count(
        database_url,
        "SELECT (SELECT count(*) FROM messaging_message WHERE status = 'sent')"
        " + (SELECT count(*) FROM core_outboundemail WHERE status = 'sent')",
    )
    return {
        "emails": emails,
        "arrived": len(arrivals),
        "seconds": seconds,
        "steady": (times[-1] - times[0]) if len(times) > 1 else 0.0,
        "duplicates": len(ids) - len(set(ids)),
        "not_arrived": sent - len(set(ids)),
        "submissions": count(database_url, "SELECT count(*) FROM messaging_submission"),
        "messages": count(database_url, "SELECT count(*) FROM messaging_message"),
        "sink_cpu": sink_cpu,
    }


def print_table(results, cpu, drained: dict[str, float], args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    hello = statistics.mean(r.rps for r in results["hello-world"])
    print()
    print(
        f"gunicorn {args.workers} sync workers, PostgreSQL, Redis cache, {args.concurrency} clients, "
        f"{args.rounds} rounds of {args.seconds:.0f} s; load average now {load_average()}"
    )
    print()
    print("| path | figure | ratio | goal | met? |")
    print("|---|---|---|---|---|")
    print(f"| hello-world | {hello:,.0f} req/s | 1.00 | | |")
    for label, goal in GOALS.items():
        rps = statistics.mean(r.rps for r in results[label])
        p95 = statistics.mean(r.pct(95) for r in results[label])
        errors = sum(r.errors for r in results[label])
        ratio = rps / hello
        figure = f"{rps:,.1f} req/s, p95 {p95:.0f} ms" + (f", {errors} errors" if errors else "")
        print(f"| {label} | {figure} | {ratio:.2f} | ≥ {goal} | {'yes' if ratio >= goal else 'no'} |")
    submit_rps = statistics.mean(r.rps for r in results["action submission (API)"])
    per_submission = (drained["submissions"] + drained["messages"]) / max(drained["submissions"], 1)
    drain_rate = drained["arrived"] / drained["seconds"] if drained["seconds"] else 0.0
    ratio = drain_rate / (submit_rps * per_submission) if submit_rps else 0.0
    print(
        f"| outbox drain ÷ submission rate (2 workers) | {drain_rate:,.1f} emails/s against "
        f"{submit_rps * per_submission:,.1f} emails/s made | {ratio:.2f} | ≥ 1.0 | {'yes' if ratio >= 1 else 'no'} |"
    )
    print()
    steady_rate = drained["arrived"] / drained["steady"] if drained["steady"] else 0.0
    print(
        f"drain: {drained['arrived']:.0f} of {drained['emails']:.0f} queued emails in {drained['seconds']:.1f} s "
        f"from starting the workers ({steady_rate:,.1f} emails/s first to last arrival, ratio "
        f"{steady_rate / (submit_rps * per_submission) if submit_rps else 0:.2f}); {per_submission:.2f} emails per "
        f"submission; sent twice {drained['duplicates']:.0f}; recorded sent but not arrived {drained['not_arrived']:.0f}"
    )
    cores = os.cpu_count() or 1
    sink_share = drained["sink_cpu"] / (drained["seconds"] * cores) if drained["seconds"] else 0.0
    print(
        f"the SMTP sink (standing in for the mail provider, on this machine's cores) used "
        f"{drained['sink_cpu']:.1f} s of CPU in the drain: {sink_share:.0%} of the machine"
    )
    print("load generator's own CPU (threads in this process, http.client) per path, mean over rounds:")
    for label, shares in cpu.items():
        gen = statistics.mean(s.generator_share for s in shares)
        busy = statistics.mean(s.busy_share for s in shares)
        print(f"  {label:<50} generator {gen:4.0%} of all cores, machine busy {busy:4.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postcodes", type=int, default=0, help="rows of the postcode file to load (0: all)")
    parser.add_argument(
        "--drain-threads", type=int, default=0, help="drain threads per worker (0: the worker's default)"
    )
    args = parser.parse_args()
    print(f"load average at start {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kinship-peak-table-") as tmp_name:
        tmp = Path(tmp_name)
        onspd = small_file(ONSPD, args.postcodes, tmp / "onspd.csv") if args.postcodes else ONSPD
        with postgres_database("kinship_bench_peak_table") as database_url:
            env = production_env(
                database_url, REDIS_URL=redis_url(14), KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET="1000000"
            )
            load_site(env, database_url, onspd)
            postcodes = real_postcodes(database_url, 5000)
            with gunicorn(env, workers=args.workers) as port:
                results, cpu = measure(port, postcodes, args)
            drained = drain(env, database_url, tmp, args.drain_threads)
            # Printed before the database is dropped (a drop can wait on other sessions).
            print_table(results, cpu, drained, args)


if __name__ == "__main__":
    main()
