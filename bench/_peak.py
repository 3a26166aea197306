"""Plumbing shared by the peak benchmarks (peak_table.py, peak_day.py): the site loaded as at
scale (open data, real postcodes, the demo campaign, action and petition), a Redis database of
the run's own, an SMTP sink in its own process that records when each message arrived, the
`manage.py worker` processes, and CPU accounting so the figures say what the load generator
itself cost on a small machine. Loopback only."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PG_ADMIN_URL, PYTHON, ROOT, free_port, manage, postgres_database, prepare_site  # noqa: E402

DATA = Path(os.environ.get("KINSHIP_SHARED_DATA", str(ROOT.parent / "shared" / "data")))
ONSPD = DATA / "postcodes" / "gb_postcodes_onspd_format_2023_derived.csv.gz"
REDIS_BASE = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")

CAMPAIGN_SLUG = "value-our-love"
CAMPAIGN = f"/campaigns/{CAMPAIGN_SLUG}/"
ACTION_SLUG = "email-your-mp"
ACTION = f"/actions/{ACTION_SLUG}/"
PETITION_SLUG = "value-our-love-petition"
PETITION = f"/petitions/{PETITION_SLUG}/"


def redis_url(db: int) -> str:
    """A Redis database for this run only, emptied first (the benches use 14 and 15)."""
    import redis

    url = f"{REDIS_BASE}/{db}"
    redis.Redis.from_url(url).flushdb()
    return url


def load_site(env: dict[str, str], database_url: str, onspd: Path) -> None:
    """Migrate, collect static files, load the open data (areas, the real MPs) and `onspd`'s
    postcodes, then the demo places, people, campaign, actions and petition."""
    prepare_site(env)
    manage(env, "load_open_data", str(DATA), "--skip-postcodes")
    manage(env, "import_onspd", str(onspd))
    for command in ("load_demo_places", "load_demo_people", "load_demo_campaigns", "load_demo_petitions"):
        manage(env, command)
    sql(database_url, "ANALYZE")


@contextmanager
def site_database(name: str, template: str, env_for, onspd: Path) -> Iterator[tuple[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    """A throw-away database with the site loaded (`load_site`). With `template`, a database of
    that name is kept after the first run and later runs copy it and migrate (seconds, not
    minutes); drop it with `DROP DATABASE` when the demo or open data loaders change."""
    import psycopg

    with postgres_database(name) as database_url:
        env = env_for(database_url)
        copied = False
        if template:
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
                    conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                    conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                    copied = True
        if copied:
            prepare_site(env)  # migrations added since the copy was made, and static files
        else:
            load_site(env, database_url, onspd)
            if template:
                with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
        yield database_url, env


def sql(database_url: str, query: str) -> list[tuple]:  # type: ignore[type-arg]
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        cursor = conn.execute(query)
        return cursor.fetchall() if cursor.description else []


def count(database_url: str, query: str) -> int:
    rows = sql(database_url, query)
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def real_postcodes(database_url: str, n: int) -> list[str]:
    """`n` random postcodes from the imported file, outside Scotland (as postcodes_lookup.py), and
    not the demo's fictional ones (no real postcode starts with X; one of them is Northern Irish,
    which the API rightly refuses)."""
    rows = sql(
        database_url,
        "SELECT postcode FROM geography_postcode WHERE country <> 'S92000003' AND postcode NOT LIKE 'X%'"
        f" ORDER BY random() LIMIT {int(n)}",
    )
    return [row[0] for row in rows]


def area_codes(database_url: str, n: int) -> list[str]:
    """Codes of constituencies and children's-services councils: the areas with a page."""
    rows = sql(
        database_url,
        "SELECT code FROM geography_area WHERE type IN ('constituency', 'county', 'unitary', 'metropolitan',"
        f" 'london_borough', 'city_of_london', 'welsh_principal') ORDER BY random() LIMIT {int(n)}",
    )
    return [row[0] for row in rows]


# --- the SMTP sink, in a process of its own --------------------------------------------------

SINK_CODE = r"""
import json, re, sys, time
from email import message_from_bytes, policy
from aiosmtpd.controller import Controller

port, out = int(sys.argv[1]), open(sys.argv[2], "a", buffering=1)
LINK = re.compile(rb"(/(?:cy/)?(?:join|messages|petitions)/confirm/[^/\s\"'<>]+/)")
MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(.*?)\r?$", re.IGNORECASE | re.MULTILINE)
ENCODED = re.compile(rb"^Content-Transfer-Encoding:[ \t]*(?:quoted-printable|base64)", re.IGNORECASE | re.MULTILINE)

def slow(content):
    # Only for a body the fast path cannot read as it is (quoted-printable or base64).
    message = message_from_bytes(content, policy=policy.default)
    text = message.get_body(preferencelist=("plain",))
    link = LINK.search((text.get_content() if text is not None else "").encode())
    return link.group(1).decode() if link else ""

class Handler:
    async def handle_DATA(self, server, session, envelope):
        arrived = time.time()
        content = envelope.content
        # The sink stands in for a mail provider, so it must cost the machine little: the
        # Message-ID and the link are read from the raw bytes, parsing the MIME only if encoded.
        head = content[: content.find(b"\r\n\r\n") + 1 or len(content)]
        found = MESSAGE_ID.search(head)
        link = LINK.search(content)
        confirm = link.group(1).decode() if link else (slow(content) if ENCODED.search(content) else "")
        out.write(json.dumps({
            "t": arrived,
            "id": found.group(1).decode().strip() if found else "",
            "to": list(envelope.rcpt_tos),
            "confirm": confirm,
        }) + "\n")
        return "250 OK"

controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
try:
    sys.stdin.read()  # until the parent closes the pipe or goes away
finally:
    controller.stop()
"""


class SmtpSink:
    """aiosmtpd on loopback in its own process (so its work is not on the load generator's
    GIL): one JSON line per message with its arrival time, Message-ID, recipients and the
    confirmation link in its plain-text part, if any."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.log.write_text("")
        self.proc = subprocess.Popen(
            [PYTHON, "-c", SINK_CODE, str(self.port), str(log)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")
        self._offset = 0

    def new_arrivals(self) -> list[dict]:  # type: ignore[type-arg]
        """Messages that arrived since the last call (whole lines only)."""
        with self.log.open("rb") as handle:
            handle.seek(self._offset)
            data = handle.read()
        end = data.rfind(b"\n") + 1
        self._offset += end
        return [json.loads(line) for line in data[:end].splitlines() if line.strip()]

    def all_arrivals(self) -> list[dict]:  # type: ignore[type-arg]
        with self.log.open() as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def start_workers(
    env: dict[str, str], smtp_port: int, n: int = 2, periodic: bool = False, drain_threads: int = 0
) -> list[subprocess.Popen]:  # type: ignore[type-arg]
    """`n` `manage.py worker` processes sending live mail to the sink on loopback
    (`drain_threads` each, or the worker's own default when 0)."""
    worker_env = {**env, "KINSHIP_MAIL_MODE": "live", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port)}
    args = [PYTHON, "manage.py", "worker", "--no-startup-delay", "--interval", "0.05", "-v", "0"]
    if drain_threads:
        args += ["--drain-threads", str(drain_threads)]
    if not periodic:
        args.append("--no-periodic")
    return [subprocess.Popen(args, cwd=ROOT, env=worker_env, start_new_session=True) for _ in range(n)]


def stop_processes(procs: list[subprocess.Popen]) -> None:  # type: ignore[type-arg]
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- CPU accounting ----------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its reaped children (from /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(x) for x in fields[11:15]) / CLOCK_TICKS


def group_cpu_seconds(pgid: int) -> float:
    """CPU of every live process in a process group (gunicorn's master and its workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += sum(int(x) for x in fields[11:13]) / CLOCK_TICKS
    return total


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, all cores."""
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / CLOCK_TICKS, sum(values) / CLOCK_TICKS


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class CpuShare:
    """CPU over a phase: the load generator's own, the machine's, as shares of all cores."""

    wall: float
    generator: float
    busy: float
    total: float

    @property
    def generator_share(self) -> float:
        return self.generator / self.total if self.total else 0.0

    @property
    def busy_share(self) -> float:
        return self.busy / self.total if self.total else 0.0

    def line(self) -> str:
        return (
            f"load generator {self.generator_share:.0%} of the machine's CPU "
            f"({self.generator / self.wall:.2f} of {os.cpu_count()} cores); machine busy {self.busy_share:.0%}"
        )


class CpuMeter:
    def __enter__(self) -> CpuMeter:
        self.started = time.time()
        self.own = own_cpu_seconds()
        self.busy, self.total = machine_busy_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        busy, total = machine_busy_seconds()
        self.share = CpuShare(
            wall=time.time() - self.started,
            generator=own_cpu_seconds() - self.own,
            busy=busy - self.busy,
            total=total - self.total,
        )


def load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} (5-min {five:.1f}) on {os.cpu_count()} cores"
