"""Tools for fault tests: the real worker as a child process, a TCP relay that can drop the
worker's database connections (a network blip), killing its server-side sessions, and a real
PostgreSQL restart. Fault tests need a database server the child process can share, so they
run on PostgreSQL only."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from kinship.messaging.tests.conftest import Inbox


class SlowInbox(Inbox):
    """An SMTP inbox that takes `delay` seconds per message, so a drain lasts long enough for
    a fault to land in the middle of it; counts what arrived by Message-ID."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)

    def message_ids(self) -> Counter[str]:
        with self.lock:
            return Counter(str(m["Message-ID"]) for m in self.messages)


def database_url(*, host: str | None = None, port: int | None = None) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{host or db['HOST'] or '127.0.0.1'}:{port or db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


class WorkerProcess:
    """`manage.py worker` in a child process, pointed at the test database and SMTP server."""

    def __init__(self, *, smtp_port: int, db_url: str, **extra_env: str) -> None:
        self.log = Path(tempfile.mkstemp(prefix="kinship-worker-", suffix=".log")[1])
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KINSHIP_"))},
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": db_url,
            "KINSHIP_MAIL_MODE": "live",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "5",
            "KINSHIP_DB_RETRY_SECONDS": "120",
            "LOG_LEVEL": "WARNING",
            **extra_env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "worker",
                    "--no-startup-delay",
                    "--no-reload",
                    "--interval",
                    "0.2",
                    "--drain-interval",
                    "0.2",
                    "--periodic-interval",
                    "1",
                ],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.unlink(missing_ok=True)


def terminate_other_sessions() -> int:
    """Terminate every other session on the test database (the worker's); return how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def wait_until(predicate: Any, *, timeout: float, step: float = 0.1) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


# ------------------------------------------------------------ a network blip


class TcpRelay:
    """Relays 127.0.0.1:<port> to the database server. `blip(seconds)` cuts every relayed
    connection and refuses new ones for that long, as a network outage would."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = int(self.listener.getsockname()[1])
        self.down_until = 0.0
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if time.monotonic() < self.down_until:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def blip(self, seconds: float) -> int:
        """Cut the line for `seconds`; return how many relayed connections were cut."""
        self.down_until = time.monotonic() + seconds
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for s in pair:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
        return len(pairs)

    def close(self) -> None:
        self.closed = True
        self.listener.close()
        self.blip(0)


# ------------------------------------------------------------ a real restart


def local_cluster() -> str | None:
    """The local PostgreSQL cluster's version ("15") when this machine can restart it, else None."""
    if shutil.which("pg_ctlcluster") is None or not Path("/etc/postgresql").is_dir():
        return None
    if settings.DATABASES["default"]["HOST"] not in {"127.0.0.1", "localhost", "", "::1"}:
        return None
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir() if (p / "main").is_dir())
    return versions[-1] if versions else None


def restart_postgres(version: str) -> float:
    """Restart the local cluster (fast shutdown: every session is cut); return the seconds it took."""
    started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", "-m", "fast", version, "main", "restart"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return time.monotonic() - started
