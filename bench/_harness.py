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
def postgres_database(name: str) -> Iterator[str]:
    """Create an empty database for the run and drop it afterwards."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
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
