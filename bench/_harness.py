"""Shared benchmark plumbing: a throw-away PostgreSQL database, gunicorn with production
settings, and a small closed-loop HTTP load generator (loopback only, bounded in time)."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "KINSHIP_RATE_LIMITS": "off",
            "KINSHIP_MAIL_MODE": "capture",
            "LOG_LEVEL": "WARNING",
            "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="kinship-static-"),
            **extra,
        }
    )
    return env


@contextmanager
def postgres_database(name: str, *, keep: bool = False) -> Iterator[str]:
    """Create an empty database for the run and drop it afterwards (unless `keep`)."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        if not keep:
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def dev_env(database_url: str, **extra: str) -> dict[str, str]:
    """Demo settings without debug, on `database_url`: for running commands and in-process timings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
            **extra,
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare_site(env: dict[str, str]) -> None:
    """Migrate (which makes the cache table) and collect static files, as a deployment does."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 4, extra_args: tuple[str, ...] = ()) -> Iterator[int]:
    """gunicorn on a free loopback port; `extra_args` go on its command line (e.g. --config FILE)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--env",
            f"DJANGO_SETTINGS_MODULE={env['DJANGO_SETTINGS_MODULE']}",
            "--log-level",
            "warning",
            "--keep-alive",
            "5",
            *extra_args,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/hello")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@dataclass
class LoadResult:
    label: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        data = sorted(self.latencies_ms)
        return data[min(len(data) - 1, int(round(p / 100 * (len(data) - 1))))]

    def line(self, baseline: LoadResult | None = None) -> str:
        ratio = f"  ratio to hello-world {self.rps / baseline.rps:.2f}" if baseline and baseline.rps else ""
        return (
            f"{self.label:<28} {self.rps:8.1f} req/s  median {statistics.median(self.latencies_ms or [0]):6.1f} ms"
            f"  p95 {self.pct(95):6.1f} ms  errors {self.errors}{ratio}"
        )


# One request: given a connection and a sequence number, return the HTTP status.
RequestFn = Callable[[http.client.HTTPConnection, int], int]


def run_load(
    label: str, port: int, request: RequestFn, *, seconds: float = 10.0, concurrency: int = 8
) -> LoadResult:
    """Closed loop: `concurrency` threads each send requests back to back for `seconds`."""
    stop = time.time() + seconds
    lock = threading.Lock()
    result = LoadResult(label, 0, 0, seconds)
    counter = iter(range(10**9))

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local: list[float] = []
        ok = err = 0
        while time.time() < stop:
            with lock:
                n = next(counter)
            started = time.perf_counter()
            try:
                status = request(conn, n)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            local.append((time.perf_counter() - started) * 1000)
            if 200 <= status < 400:
                ok += 1
            else:
                err += 1
        with lock:
            result.requests += ok
            result.errors += err
            result.latencies_ms.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.time() - began
    return result


def run_paced(
    label: str, port: int, request: RequestFn, *, rate: float, seconds: float, concurrency: int = 16
) -> LoadResult:
    """Open loop: start requests at a fixed `rate` per second for `seconds`; latency per request."""
    total = int(rate * seconds)
    interval = 1.0 / rate
    start = time.time() + 0.2
    lock = threading.Lock()
    result = LoadResult(label, 0, 0, seconds)
    slots = iter(range(total))

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                n = next(slots, None)
            if n is None:
                break
            due = start + n * interval
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            try:
                status = request(conn, n)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            # Latency measured from when the request was due, so queueing counts.
            elapsed = (time.time() - due) * 1000
            with lock:
                result.latencies_ms.append(elapsed)
                if 200 <= status < 400:
                    result.requests += 1
                else:
                    result.errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = max(time.time() - start, seconds)
    return result


def get(path: str) -> RequestFn:
    def request(conn: http.client.HTTPConnection, n: int) -> int:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status

    return request


# ---------------------------------------------------------------- mail: an SMTP sink and workers
# (issue 17: the drain benchmark and bench/peak_day.py use these)

_SMTP_SINK = r"""
import os, sys, time, threading
from email.parser import BytesHeaderParser
from aiosmtpd.controller import Controller
port, log_path, cpu = int(sys.argv[1]), sys.argv[2], sys.argv[3]
if cpu and hasattr(os, "sched_setaffinity") and int(cpu) in os.sched_getaffinity(0):
    os.sched_setaffinity(0, {int(cpu)})
log = open(log_path, "a", buffering=1)
lock = threading.Lock()
parser = BytesHeaderParser()

class Handler:
    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        headers = parser.parsebytes(envelope.original_content or envelope.content)
        message_id = (headers.get("Message-ID") or "").strip()
        with lock:
            for rcpt in envelope.rcpt_tos:
                log.write(f"{now:.6f}\t{message_id}\t{rcpt.lower()}\n")
        return "250 OK"

controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
finally:
    controller.stop()
"""


@dataclass
class Arrival:
    at: float  # time.time() when the SMTP server had the whole message
    message_id: str
    to: str


@dataclass
class SmtpSink:
    """A local SMTP server (aiosmtpd) in a process of its own, recording when each message
    arrived, by Message-ID and recipient. `cpu`: the core it was pinned to (None: not pinned)."""

    port: int
    log_path: Path
    cpu: int | None

    def arrivals(self) -> list[Arrival]:
        rows = []
        for line in self.log_path.read_text().splitlines():
            at, message_id, to = line.split("\t")
            rows.append(Arrival(float(at), message_id, to))
        return rows

    def isolation(self) -> str:
        cores = os.cpu_count() or 1
        if self.cpu is None:
            return f"SMTP sink in its own process, not pinned (shares all {cores} cores)"
        shared = " (this machine has only 2 cores, so web and workers use it too)" if cores <= 2 else ""
        return f"SMTP sink in its own process pinned to CPU {self.cpu} with sched_setaffinity{shared}"


@contextmanager
def smtp_sink(*, cpu: int | None = None) -> Iterator[SmtpSink]:
    """Start the SMTP sink on a free loopback port; stop it afterwards."""
    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix="kinship-smtp-", suffix=".tsv")[1])
    cpu_arg = "" if cpu is None else str(cpu)
    proc = subprocess.Popen(
        [PYTHON, "-c", _SMTP_SINK, str(port), str(log_path), cpu_arg],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != b"ready":
            raise RuntimeError("the SMTP sink did not start")
        if cpu is not None and not (hasattr(os, "sched_getaffinity") and cpu in os.sched_getaffinity(0)):
            cpu = None
        yield SmtpSink(port=port, log_path=log_path, cpu=cpu)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log_path.unlink(missing_ok=True)


def worker_env(env: dict[str, str], smtp_port: int) -> dict[str, str]:
    """`env` with live mail to the sink on `smtp_port`."""
    return {**env, "KINSHIP_MAIL_MODE": "live", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)}


def start_workers(
    env: dict[str, str], *, smtp_port: int, count: int = 2, drain_threads: int = 0, periodic: bool = False
) -> list[subprocess.Popen[bytes]]:
    """`count` `manage.py worker` processes sending to the sink on `smtp_port`."""
    args = [
        PYTHON,
        "manage.py",
        "worker",
        "--no-startup-delay",
        "--interval",
        "0.05",
        "-v",
        "0",
    ]
    if drain_threads:  # 0: the worker's own default
        args += ["--drain-threads", str(drain_threads)]
    if not periodic:
        args.append("--no-periodic")
    return [
        subprocess.Popen(args, cwd=ROOT, env=worker_env(env, smtp_port), start_new_session=True)
        for _ in range(count)
    ]


def stop_workers(procs: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM: each worker finishes the batch in hand, then exits."""
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    data = sorted(values)
    return data[min(len(data) - 1, int(round(p / 100 * (len(data) - 1))))]
