"""Issue 17's peak day: the whole site at scale, under a mixed open-loop load stepped up until it
gives way, with every action accounted for.

Set up as the README's "Running at scale": PostgreSQL, Redis (cache and rate-limit store), two
gunicorn web processes (`-c config/gunicorn.conf.py`, each like one web host; the load generator
spreads requests over them round-robin, as a load balancer would) and two `manage.py worker`
processes sending live mail to a local SMTP sink (aiosmtpd, in its own process) that records the
arrival time, Message-ID and recipients of every message.

The load is open-loop: requests are scheduled at a fixed arrival rate whatever the answers, and
each request's latency is measured from when it was due, so a server that falls behind shows it
(no coordinated omission). The mix: 80% page views (campaign 35%, action 15%, petition 15%, area
pages 15%), 15% postcode API lookups (random real postcodes from the shared ONSPD file), 5% writes
(join POST, action submission and petition signature through the API, a third each, every one
with a new email address). For half of the writes (`--confirm-share`) a visitor "opens the
email": when the confirmation arrives at the sink, its link is followed (the page, then the
button: a POST with the page's CSRF token), which for a submission queues its message to the MP.

Steps of `--step-seconds` (longer if needed for 100 requests) at each rate in `--rates` until a
step's p95 latency passes 300 ms or any request fails. Then the queue is drained and everything is checked: every write that was
answered is in the database, its confirmation email arrived, every outbox row and message the
database holds arrived exactly once (by Message-ID). Printed: the sustainable rate, the writes a
second it means (and as a multiple of 33/s, the Revoke Article 50 record), p50/p95/p99 per path,
email lag (POST sent -> confirmation at the SMTP sink) p50/p95, lost and sent-twice counts, and
the CPU the load generator and the sink used (they share the machine's cores with the server).

`--rolling-restart`: one step at `--rate`; a third of the way in the web processes are restarted
one at a time while the other serves: taken out of the client's rotation for 2 s (as a load
balancer's health check would), stopped with SIGTERM (requests in hand finish), a new gunicorn
started on the same port and put back. `--abrupt-restart` skips the 2 s out of rotation, so
requests keep arriving at a process that is stopping. The client retries a refused connection on
the other web process (nothing was sent) and any failed GET; a write that got no answer is not
retried but looked up in the database. Nothing may be lost or sent twice.

    .venv/bin/python bench/peak_day.py [--quick] [--rates 10,25,50,100,200,400,800]
        [--step-seconds 20] [--web-workers 2] [--threads 200] [--postcodes 0]
        [--generator-cpus 1 --server-cpus 0]
    .venv/bin/python bench/peak_day.py --rolling-restart [--rate 20] [--abrupt-restart] [--quick]

Loopback only; bounded in time (`--max-minutes` of load, then at most `--drain-timeout` seconds
of drain); every process it starts is stopped on exit or Ctrl-C. Throw-away PostgreSQL database
kinship_bench_peak_day and Redis database 15. Rate limits are off (KINSHIP_RATE_LIMITS=off).
"""

from __future__ import annotations

import argparse
import heapq
import http.client
import itertools
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, ROOT, free_port, production_env  # noqa: E402
from _peak import (  # noqa: E402
    ACTION,
    CAMPAIGN,
    ONSPD,
    PETITION,
    CpuMeter,
    CpuShare,
    SmtpSink,
    area_codes,
    count,
    group_cpu_seconds,
    load_average,
    process_cpu_seconds,
    real_postcodes,
    redis_url,
    site_database,
    sql,
    start_workers,
    stop_processes,
)
from foundation_bench import join_request  # noqa: E402
from petitions_bench import api_sign_request  # noqa: E402
from submissions_bench import submit_request  # noqa: E402

P95_LIMIT_MS = 300.0
RECORD_WRITES_PER_SECOND = 33.0  # Revoke Article 50, March 2019
WRITES = ("join POST", "action submission (API)", "petition signature (API)")
# (path label, share of all requests)
MIX = [
    ("campaign page", 0.35),
    ("action page", 0.15),
    ("petition page", 0.15),
    ("area page", 0.15),
    ("postcode API", 0.15),
    ("join POST", 0.05 / 3),
    ("action submission (API)", 0.05 / 3),
    ("petition signature (API)", 0.05 / 3),
]
CONFIRM = "confirm (page + POST)"
# The email each write uses (the request builders' own formats).
EMAIL_FOR = {
    "join POST": "bench{n}@example.org",
    "action submission (API)": "peak-s-{n}@example.org",
    "petition signature (API)": "peak-p-{n}@example.org",
}


# --- the web processes and the client-side load balancer ----------------------------------------


class Web:
    """One gunicorn (one "web host") with the production config, on a fixed loopback port."""

    def __init__(self, env: dict[str, str], workers: int, log: Path, cpus: set[int] | None) -> None:
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{free_port()}", "WEB_CONCURRENCY": str(workers)}
        self.port = int(self.env["GUNICORN_BIND"].rsplit(":", 1)[1])
        self.log = log
        self.cpus = cpus
        self.proc: subprocess.Popen | None = None  # type: ignore[type-arg]
        self.cpu_before = 0.0

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
                preexec_fn=(lambda: os.sched_setaffinity(0, self.cpus)) if self.cpus else None,
            )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/hello")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start (see {self.log})")

    def cpu_seconds(self) -> float:
        return self.cpu_before + (group_cpu_seconds(self.proc.pid) if self.proc else 0.0)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.cpu_before += group_cpu_seconds(self.proc.pid)
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@dataclass
class Outcome:
    label: str
    step: int
    due: float
    started: float
    ended: float
    status: int  # 0: no answer
    retries: int = 0
    email: str = ""


@dataclass(order=True)
class Job:
    due: float
    seq: int
    label: str = field(compare=False)
    step: int = field(compare=False)
    path: str = field(compare=False, default="")


class LoadGenerator:
    """Open loop: a heap of jobs by due time, `threads` threads taking the earliest, each waiting
    until it is due. Latency counts from the due time; `started - due` is the generator's own lag."""

    def __init__(self, ports: list[int], postcodes: list[str], areas: list[str], threads: int) -> None:
        self.ports = ports
        self.postcodes = postcodes
        self.areas = areas
        self.heap: list[Job] = []
        self.cond = threading.Condition()
        self.seq = itertools.count()
        self.rr = itertools.count()
        self.outcomes: list[Outcome] = []
        self.lock = threading.Lock()
        self.running = True
        self.in_flight = 0
        self.in_flight_steps: Counter[int] = Counter()
        self.email_step: dict[str, int] = {}
        self.local = threading.local()
        self.builders = {
            "join POST": join_request(),
            "action submission (API)": submit_request("peak-s-"),
            "petition signature (API)": api_sign_request("peak-p-"),
        }
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(threads)]
        for thread in self.threads:
            thread.start()

    # scheduling
    def schedule_step(self, step: int, rate: float, start: float, seconds: float, rng: random.Random) -> None:
        labels = [label for label, _ in MIX]
        weights = [share for _, share in MIX]
        jobs = [
            Job(start + i / rate, next(self.seq), label, step)
            for i, label in enumerate(rng.choices(labels, weights, k=int(rate * seconds)))
        ]
        with self.cond:
            for job in jobs:
                heapq.heappush(self.heap, job)
            self.cond.notify_all()

    def schedule_confirm(self, path: str, due: float, step: int) -> None:
        with self.cond:
            heapq.heappush(self.heap, Job(due, next(self.seq), CONFIRM, step, path))
            self.cond.notify()

    def step_busy(self, step: int) -> bool:
        with self.cond:
            return self.in_flight_steps[step] > 0 or any(
                j.step == step and j.label != CONFIRM for j in self.heap
            )

    def pending(self) -> int:
        with self.cond:
            return len(self.heap) + self.in_flight

    def stop(self) -> None:
        with self.cond:
            self.running = False
            self.heap.clear()
            self.cond.notify_all()
        for thread in self.threads:
            thread.join(timeout=15)

    # the threads
    def _work(self) -> None:
        rng = random.Random()
        while True:
            with self.cond:
                while self.running and not self.heap:
                    self.cond.wait(0.2)
                if not self.running:
                    return
                job = heapq.heappop(self.heap)
                self.in_flight += 1
                self.in_flight_steps[job.step] += 1
            delay = job.due - time.time()
            if delay > 0:
                time.sleep(delay)
            try:
                outcome = self._do(job, rng)
            finally:
                with self.cond:
                    self.in_flight -= 1
                    self.in_flight_steps[job.step] -= 1
            with self.lock:
                self.outcomes.append(outcome)

    def _conn(self, port: int) -> http.client.HTTPConnection:
        conns = self.local.__dict__.setdefault("conns", {})
        if port not in conns:
            conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        return conns[port]

    def _drop(self, port: int) -> None:
        conn = self.local.__dict__.setdefault("conns", {}).pop(port, None)
        if conn is not None:
            conn.close()

    def _request_fn(self, job: Job, rng: random.Random):  # type: ignore[no-untyped-def]
        if job.label in self.builders:
            return self.builders[job.label]
        if job.label == CONFIRM:
            return confirm_request(job.path)
        path = {
            "campaign page": CAMPAIGN,
            "action page": ACTION,
            "petition page": PETITION,
            "area page": f"/areas/{rng.choice(self.areas)}/" if self.areas else CAMPAIGN,
            "postcode API": "/api/v1/postcodes/" + quote(rng.choice(self.postcodes)),
        }[job.label]
        return get(path)

    def _do(self, job: Job, rng: random.Random) -> Outcome:
        request = self._request_fn(job, rng)
        idempotent = job.label not in self.builders and job.label != CONFIRM
        started = time.time()
        retries = 0
        status = 0
        turn = next(self.rr)
        while True:
            ports = self.ports
            port = ports[(turn + retries) % len(ports)]  # a retry goes to the next web process
            try:
                status = request(self._conn(port), job.seq)
                break
            except ConnectionRefusedError:
                # Nothing was sent: a load balancer would try the other web process.
                self._drop(port)
            except (OSError, http.client.HTTPException):
                self._drop(port)
                if not idempotent:
                    status = 0  # no answer to a write: not retried, checked against the database
                    break
            retries += 1
            if retries > 10 or time.time() - started > 20:
                status = 0
                break
            time.sleep(0.05 * retries)
        email = EMAIL_FOR[job.label].format(n=job.seq) if job.label in EMAIL_FOR else ""
        if email:
            self.email_step[email] = job.step
        return Outcome(job.label, job.step, job.due, started, time.time(), status, retries, email)


def get(path: str):  # type: ignore[no-untyped-def]
    def request(conn: http.client.HTTPConnection, n: int) -> int:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status

    return request


def confirm_request(path: str):  # type: ignore[no-untyped-def]
    """Open the link from the email, then press the button (a POST with the page's CSRF token)."""

    def request(conn: http.client.HTTPConnection, n: int) -> int:
        conn.request("GET", path)
        page = conn.getresponse()
        body = page.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie", "") or "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if page.status != 200 or not cookie or not token:
            return page.status if page.status != 200 else 599
        conn.request(
            "POST",
            path,
            body=urlencode({"csrfmiddlewaretoken": token.group(1)}),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie.group(1)}",
                "Referer": "http://127.0.0.1/",
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status

    return request


# --- following confirmation emails --------------------------------------------------------------


class MailWatcher:
    """Reads the sink's arrivals as they come: the first confirmation to each address, and for
    `share` of the writes a confirmation job (the visitor opens the email a second later)."""

    def __init__(self, sink: SmtpSink, load: LoadGenerator, share: float) -> None:
        self.sink = sink
        self.load = load
        self.share = share
        self.first_arrival: dict[str, float] = {}
        self.rng = random.Random(17)
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            self.poll()
            time.sleep(0.2)

    def poll(self) -> None:
        for arrival in self.sink.new_arrivals():
            link = arrival.get("confirm", "")
            for address in arrival["to"]:
                if not address.startswith(("bench", "peak-")) or address in self.first_arrival:
                    continue
                self.first_arrival[address] = arrival["t"]
                if link and self.rng.random() < self.share:
                    self.load.schedule_confirm(link, time.time() + 1.0, self.load.email_step.get(address, -1))

    def stop(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.poll()


# --- figures ------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    data = sorted(values)
    return data[min(len(data) - 1, int(round(p / 100 * (len(data) - 1))))]


def ok(status: int) -> bool:
    return 200 <= status < 400


@dataclass
class StepReport:
    step: int
    rate: float
    seconds: float
    outcomes: list[Outcome]
    cpu: CpuShare
    sink_cpu: float
    server_cpu: float
    worker_cpu: float
    queued_after: int

    @property
    def latencies(self) -> list[float]:
        return [(o.ended - o.due) * 1000 for o in self.outcomes]

    @property
    def errors(self) -> int:
        return sum(1 for o in self.outcomes if not ok(o.status))

    @property
    def passed(self) -> bool:
        return self.errors == 0 and pct(self.latencies, 95) <= P95_LIMIT_MS

    def line(self) -> str:
        lag = pct([(o.started - o.due) * 1000 for o in self.outcomes], 95)
        done = sum(1 for o in self.outcomes if ok(o.status)) / self.seconds
        wall = self.cpu.wall or 1
        return (
            f"| {self.rate:g} | {done:,.1f} | {pct(self.latencies, 50):,.0f} | {pct(self.latencies, 95):,.0f} | "
            f"{pct(self.latencies, 99):,.0f} | {self.errors} | {lag:,.0f} | {self.cpu.generator_share:.0%} | "
            f"{self.sink_cpu / wall / (os.cpu_count() or 1):.0%} | {self.server_cpu / wall / (os.cpu_count() or 1):.0%} | "
            f"{self.worker_cpu / wall / (os.cpu_count() or 1):.0%} | {self.cpu.busy_share:.0%} | {self.queued_after} | "
            f"{'yes' if self.passed else 'no'} |"
        )


STEP_HEADER = (
    "| rate offered (req/s) | answered OK (req/s) | p50 ms | p95 ms | p99 ms | errors | generator lag p95 ms "
    "| generator CPU | sink CPU | web CPU | workers CPU | machine busy | outbox queued after | passed |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)

QUEUED = (
    "SELECT (SELECT count(*) FROM messaging_message WHERE status IN ('queued','sending') AND channel = 'email')"
    " + (SELECT count(*) FROM core_outboundemail WHERE status IN ('queued','sending'))"
)


def path_table(outcomes: list[Outcome]) -> list[str]:
    by_path: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_path[outcome.label].append(outcome)
    lines = [
        "| path | requests | p50 ms | p95 ms | p99 ms | errors (status: count; 0 = no answer) | retried |",
        "|---|---|---|---|---|---|---|",
    ]
    for label in [*(label for label, _ in MIX), CONFIRM]:
        rows = by_path.get(label, [])
        if not rows:
            continue
        lat = [(o.ended - o.due) * 1000 for o in rows]
        statuses = Counter(o.status for o in rows if not ok(o.status))
        errors = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())) or "0"
        retried = sum(1 for o in rows if o.retries)
        lines.append(
            f"| {label} | {len(rows)} | {pct(lat, 50):,.0f} | {pct(lat, 95):,.0f} | {pct(lat, 99):,.0f} | {errors} | {retried} |"
        )
    return lines


def stored_emails(database_url: str) -> set[str]:
    rows = sql(
        database_url,
        "SELECT email FROM supporters_supporter WHERE email LIKE 'bench%%'"
        " UNION SELECT email FROM messaging_submission WHERE email LIKE 'peak-%%'"
        " UNION SELECT email FROM petitions_signature WHERE email LIKE 'peak-%%'",
    )
    return {row[0] for row in rows}


def accounting(
    database_url: str, outcomes: list[Outcome], watcher: MailWatcher, sink: SmtpSink
) -> dict[str, int]:
    """Everything answered is stored and its email arrived; every row the database meant to send
    arrived exactly once (by Message-ID)."""
    stored = stored_emails(database_url)
    writes = [o for o in outcomes if o.label in WRITES]
    answered = [o for o in writes if ok(o.status)]
    unanswered = [o for o in writes if o.status == 0]
    arrivals = sink.all_arrivals()
    ids = Counter(a["id"].split("@", 1)[0] for a in arrivals)
    expected = [
        f"<service-{pk}"
        for (pk,) in sql(database_url, "SELECT id FROM core_outboundemail WHERE status <> 'failed'")
    ] + [
        f"<message-{pk}.{submission}"
        for pk, submission in sql(
            database_url,
            "SELECT id, submission_id FROM messaging_message WHERE channel = 'email' AND status IN ('queued','sending','sent')",
        )
    ]
    return {
        "writes answered": len(answered),
        "answered but not stored": sum(1 for o in answered if o.email not in stored),
        "answered but no confirmation email arrived": sum(
            1 for o in answered if o.email not in watcher.first_arrival
        ),
        "emails the database holds that never arrived": sum(1 for key in expected if key not in ids),
        "emails sent twice (same Message-ID)": sum(1 for n in ids.values() if n > 1),
        "writes with no answer": len(unanswered),
        "writes with no answer, stored (their email checked above)": sum(
            1 for o in unanswered if o.email in stored
        ),
        "writes refused with an error answer": sum(1 for o in writes if o.status and not ok(o.status)),
        "emails arrived": len(arrivals),
        "failed outbox rows": count(
            database_url, "SELECT count(*) FROM core_outboundemail WHERE status = 'failed'"
        ),
        "messages withheld for checking": count(
            database_url, "SELECT count(*) FROM messaging_message WHERE status = 'withheld'"
        ),
    }


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Stack:
    env: dict[str, str]
    database_url: str
    webs: list[Web]
    workers: list[subprocess.Popen]  # type: ignore[type-arg]
    sink: SmtpSink
    load: LoadGenerator
    watcher: MailWatcher


def cpu_now(stack: Stack) -> tuple[float, float, float]:
    return (
        stack.sink.cpu_seconds(),
        sum(web.cpu_seconds() for web in stack.webs),
        sum(process_cpu_seconds(w.pid) for w in stack.workers),
    )


def run_step(
    stack: Stack, step: int, rate: float, seconds: float, rng: random.Random, during=None
) -> StepReport:  # type: ignore[no-untyped-def]
    before = cpu_now(stack)
    start = time.time() + 0.5
    with CpuMeter() as meter:
        stack.load.schedule_step(step, rate, start, seconds, rng)
        if during:
            during(start, seconds)
        # Wait for the step's own requests to finish (the next step starts after it).
        time.sleep(max(0.0, start + seconds - time.time()))
        deadline = start + seconds + 30  # the client's own timeouts end every request before this
        while time.time() < deadline and stack.load.step_busy(step):
            time.sleep(0.2)
    after = cpu_now(stack)
    with stack.load.lock:
        mine = [o for o in stack.load.outcomes if o.step == step and o.label != CONFIRM]
    return StepReport(
        step,
        rate,
        seconds,
        mine,
        meter.share,
        after[0] - before[0],
        after[1] - before[1],
        after[2] - before[2],
        count(stack.database_url, QUEUED),
    )


def rolling_restart(stack: Stack, abrupt: bool):  # type: ignore[no-untyped-def]
    """Restart each web process in turn, a third of the way into the step. As a load balancer
    with health checks does, a process is taken out of rotation for 2 s before it is stopped and
    put back once the new one answers; `abrupt` stops it while it is still being sent requests."""

    def during(start: float, seconds: float) -> None:
        time.sleep(max(0.0, start + seconds / 3 - time.time()))
        for web in stack.webs:
            began = time.time()
            if not abrupt:
                stack.load.ports = [w.port for w in stack.webs if w is not web]
                time.sleep(2)
            web.stop()
            web.start()
            stack.load.ports = [w.port for w in stack.webs]
            print(f"  restarted web process on port {web.port} in {time.time() - began:.1f} s", flush=True)

    return during


def drain(stack: Stack, timeout: float) -> float:
    """Wait until nothing is queued and no confirmation is pending; return the seconds waited."""
    began = time.time()
    quiet_since = None
    while time.time() - began < timeout:
        busy = stack.load.pending() or count(stack.database_url, QUEUED)
        if busy:
            quiet_since = None
        else:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 3:  # a confirmation email may still be on its way
                break
        time.sleep(0.5)
    return time.time() - began


def report(stack: Stack, steps: list[StepReport], args: argparse.Namespace, drained: float) -> None:
    stack.watcher.stop()
    outcomes = list(stack.load.outcomes)
    figures = accounting(stack.database_url, outcomes, stack.watcher, stack.sink)
    print()
    print(
        f"Peak day: PostgreSQL, Redis, 2 gunicorn web processes x {args.web_workers} sync workers, 2 workers, "
        f"SMTP sink on loopback; {os.cpu_count()} cores, load average now {load_average()}"
    )
    print()
    print(STEP_HEADER)
    for step in steps:
        print(step.line())
    passed = [s for s in steps if s.passed]
    best = passed[-1] if passed else None
    print()
    if args.rolling_restart:
        print(f"rolling restart during a step at {args.rate:g} req/s")
    elif best:
        writes = best.rate * 0.05
        print(
            f"RESULT sustainable rate: {best.rate:g} req/s (the highest step with p95 <= {P95_LIMIT_MS:.0f} ms and no "
            f"errors) = {writes:.1f} writes/s (5%, plus the confirmations) = "
            f"{writes / RECORD_WRITES_PER_SECOND:.3g}x the 33/s Revoke Article 50 record"
        )
    else:
        print(f"RESULT sustainable rate: below the first step ({steps[0].rate:g} req/s) on this machine")
    shown = [best] if best else []
    if steps and not steps[-1].passed:
        shown.append(steps[-1])
    for step in shown:
        print()
        print(f"Per path at {step.rate:g} req/s (latency from when each request was due):")
        print("\n".join(path_table(step.outcomes)))
    if steps and not steps[-1].passed:
        failed = steps[-1]
        worst = max(
            {o.label for o in failed.outcomes},
            key=lambda label: pct(
                [(o.ended - o.due) * 1000 for o in failed.outcomes if o.label == label], 95
            ),
        )
        cores = (os.cpu_count() or 1) * (failed.cpu.wall or 1)
        other = (
            failed.cpu.busy - failed.cpu.generator - failed.sink_cpu - failed.server_cpu - failed.worker_cpu
        )
        print(
            f"At {failed.rate:g} req/s the slowest path was {worst}; CPU: web {failed.server_cpu / cores:.0%}, "
            f"workers {failed.worker_cpu / cores:.0%}, generator {failed.cpu.generator_share:.0%}, "
            f"sink {failed.sink_cpu / cores:.0%}, everything else (PostgreSQL, Redis, other work) {other / cores:.0%}"
        )
    print()
    print("Confirmations followed (all steps):")
    print("\n".join(path_table([o for o in outcomes if o.label == CONFIRM])[2:]) or "  none")
    lags_by_step: dict[int, list[float]] = defaultdict(list)
    for o in outcomes:
        if o.label in WRITES and ok(o.status) and o.email in stack.watcher.first_arrival:
            lags_by_step[o.step].append(stack.watcher.first_arrival[o.email] - o.started)
    print()
    for step in steps:
        lags = lags_by_step.get(step.step, [])
        print(
            f"email lag at {step.rate:g} req/s (POST sent -> confirmation at the SMTP sink): "
            f"p50 {pct(lags, 50):.1f} s, p95 {pct(lags, 95):.1f} s, max {max(lags, default=float('nan')):.1f} s "
            f"({len(lags)} writes)"
        )
    if best:
        print(
            f"RESULT email lag p95 at the sustainable rate: {pct(lags_by_step.get(best.step, []), 95):.1f} s (goal <= 60 s)"
        )
    print()
    print(f"Drain after the last step: {drained:.0f} s; still queued: {count(stack.database_url, QUEUED)}")
    for key, value in figures.items():
        print(f"  {key}: {value}")
    lost = (
        figures["answered but not stored"]
        + figures["answered but no confirmation email arrived"]
        + figures["emails the database holds that never arrived"]
    )
    print(
        f"RESULT actions lost: {lost}; sent twice: {figures['emails sent twice (same Message-ID)']} (both must be 0)"
    )


def parse_cpus(text: str) -> set[int] | None:
    return {int(x) for x in text.split(",")} if text else None


def start_stack(
    args: argparse.Namespace, env: dict[str, str], database_url: str, tmp: Path, started: list
) -> Stack:  # type: ignore[type-arg]
    """Start everything; each piece goes on `started` as it starts, so a failure stops what ran."""
    server_cpus = parse_cpus(args.server_cpus)
    webs = [Web(env, args.web_workers, tmp / f"web{n}.log", server_cpus) for n in range(2)]
    for web in webs:
        started.append(web)
        web.start()
    sink = SmtpSink(tmp / "smtp.jsonl")
    started.append(sink)
    workers = start_workers({**env}, sink.port, n=2, periodic=True)
    started.append(workers)
    if server_cpus:
        for proc in workers:
            os.sched_setaffinity(proc.pid, server_cpus)
    if args.generator_cpus:
        os.sched_setaffinity(0, parse_cpus(args.generator_cpus) or set())
        os.sched_setaffinity(sink.proc.pid, parse_cpus(args.generator_cpus) or set())
    postcodes = real_postcodes(database_url, 5000)
    areas = area_codes(database_url, 200)
    load = LoadGenerator([w.port for w in webs], postcodes, areas, args.threads)
    started.append(load)
    watcher = MailWatcher(sink, load, args.confirm_share)
    started.append(watcher)
    return Stack(env, database_url, webs, workers, sink, load, watcher)


def stop_started(started: list) -> None:  # type: ignore[type-arg]
    """Stop what `start_stack` started, newest first: the client, then workers, web, the sink."""
    for part in reversed(started):
        if isinstance(part, list):
            stop_processes(part)
        elif isinstance(part, MailWatcher):
            part.running = False
        else:
            part.stop()


def run(args: argparse.Namespace, tmp: Path) -> None:
    from postcodes_lookup import small_file

    onspd = small_file(ONSPD, args.postcodes, tmp / "onspd.csv") if args.postcodes else ONSPD

    def env_for(database_url: str) -> dict[str, str]:
        return production_env(
            database_url,
            REDIS_URL=redis_url(15),
            KINSHIP_MESSAGE_DAILY_CAP_PER_TARGET="100000000",
            KINSHIP_SITE_URL="http://127.0.0.1",
        )

    began = time.time()
    with site_database("kinship_bench_peak_day", args.template_db, env_for, onspd) as (database_url, env):
        print(f"site ready in {time.time() - began:.0f} s; load average {load_average()}", flush=True)
        started: list = []  # type: ignore[type-arg]
        try:
            stack = start_stack(args, env, database_url, tmp, started)
            # Warm every web worker (imports, connections, per-process caches) and let the
            # warm-up's requests finish before measuring.
            stack.load.schedule_step(-1, 5, time.time(), 6, random.Random(0))
            time.sleep(6)
            warm_deadline = time.time() + 120
            while time.time() < warm_deadline and stack.load.step_busy(-1):
                time.sleep(0.5)
            print(f"warmed up; load average {load_average()}", flush=True)
            rng = random.Random(42)
            steps: list[StepReport] = []
            deadline = time.time() + args.max_minutes * 60
            if args.rolling_restart:
                steps.append(
                    run_step(
                        stack,
                        0,
                        args.rate,
                        args.step_seconds,
                        rng,
                        rolling_restart(stack, args.abrupt_restart),
                    )
                )
                print("  " + steps[-1].line(), flush=True)
            else:
                for n, rate in enumerate(float(x) for x in args.rates.split(",")):
                    # At least 100 requests a step, so its p95 is not just its slowest request.
                    seconds = max(args.step_seconds, 100 / rate)
                    if time.time() + seconds > deadline:
                        print("  (time budget reached)")
                        break
                    steps.append(run_step(stack, n, rate, seconds, rng))
                    print("  " + steps[-1].line(), flush=True)
                    if not steps[-1].passed:
                        break
            drained = drain(stack, args.drain_timeout)
            report(stack, steps, args, drained)
        finally:
            stop_started(started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="short steps, a slice of the postcodes")
    parser.add_argument("--rates", default="5,10,25,50,100,200,400,800,1600")
    parser.add_argument("--step-seconds", type=float, default=None)
    parser.add_argument("--rolling-restart", action="store_true")
    parser.add_argument("--rate", type=float, default=20.0, help="the rate of the rolling-restart step")
    parser.add_argument(
        "--abrupt-restart",
        action="store_true",
        help="stop each web process while it is still in rotation (no load-balancer draining)",
    )
    parser.add_argument(
        "--web-workers", type=int, default=2, help="sync workers in each of the 2 web processes"
    )
    parser.add_argument("--threads", type=int, default=200, help="load generator threads")
    parser.add_argument("--confirm-share", type=float, default=0.5)
    parser.add_argument("--postcodes", type=int, default=None, help="rows of the postcode file (0: all)")
    parser.add_argument("--max-minutes", type=float, default=None, help="load time budget")
    parser.add_argument("--drain-timeout", type=float, default=None)
    parser.add_argument(
        "--template-db",
        default="",
        help="keep the loaded site in this PostgreSQL database and copy it on later runs (faster set-up)",
    )
    parser.add_argument("--generator-cpus", default="", help="pin the load generator and sink, e.g. 1")
    parser.add_argument("--server-cpus", default="", help="pin gunicorn and the workers, e.g. 0")
    args = parser.parse_args()
    quick = args.quick
    args.step_seconds = args.step_seconds or (
        (30.0 if args.rolling_restart else 8.0) if quick else (60.0 if args.rolling_restart else 20.0)
    )
    args.postcodes = args.postcodes if args.postcodes is not None else (20_000 if quick else 0)
    args.max_minutes = args.max_minutes or (1.5 if quick else 12.0)
    args.drain_timeout = args.drain_timeout or (60.0 if quick else 180.0)

    def interrupted(signum, frame):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    print(f"load average at start {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kinship-peak-day-") as tmp:
        run(args, Path(tmp))


if __name__ == "__main__":
    main()
