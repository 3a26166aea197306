"""Issue 17: where the postcode API's time goes inside the request, against hello-world, in-process.

Loads the open data (areas, people) and a slice of the real postcode file into a throw-away
PostgreSQL database, then calls the WSGI application itself, as gunicorn does (production
settings, Redis cache on database 13 of `BENCH_REDIS_URL`, the same environ a loopback request
makes), for GET /api/v1/postcodes/<postcode> over random live postcodes and GET /hello, request by
request in turn, so a busy machine slows both alike. Prints each one's CPU time per request (this
process's: Django's Python, not the database's work nor the wait for it, the figure least moved
by a busy machine), median of many, and the ratio of hello-world's to the postcode API's, with
rate limits off (as bench/peak_table.py runs) and on (a limit too high to reach, so every
request does the counting). With --profile, a cProfile of the postcode API's requests.

The figures show where the time goes, not the throughput: bench/peak_table.py measures that.

    .venv/bin/python bench/postcode_profile.py [--requests 4000] [--rows 20000] [--profile]
        [--keep-db] [--reuse-db]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PG_ADMIN_URL, PYTHON, ROOT, manage, postgres_database, production_env  # noqa: E402
from postcodes_lookup import FULL, small_file  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
REDIS_BASE = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
DB_NAME = "kinship_bench_postcode_profile"

INNER = r"""
import cProfile, io, os, pstats, random, statistics, sys, time
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

n = int(os.environ["BENCH_REQUESTS"])
with connection.cursor() as cursor:
    cursor.execute("SELECT postcode FROM geography_postcode WHERE terminated IS NULL "
                   "AND country IN ('E92000001', 'W92000004')")
    postcodes = [row[0] for row in cursor.fetchall()]
rng = random.Random(17)
cache.clear()
app = WSGIHandler()

def environ(path):
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": "50000", "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_ENCODING": "identity", "HTTP_USER_AGENT": "python-bench",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }

statuses = []
def start_response(status, headers, exc_info=None):
    statuses.append(status)

def call(path):
    result = app(environ(path), start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return body

def postcode_path():
    return "/api/v1/postcodes/" + rng.choice(postcodes)  # PATH_INFO comes unquoted, as gunicorn makes it

def run(label_limits):
    for _ in range(300):  # warm: imports, per-process caches, the connection, prepared statements
        call("/hello"); call(postcode_path())
    statuses.clear()
    cpu = {"hello": [], "postcode": []}
    wall = {"hello": [], "postcode": []}
    for i in range(2 * n):
        name = "hello" if i % 2 == 0 else "postcode"
        path = "/hello" if name == "hello" else postcode_path()
        started, started_cpu = time.perf_counter(), time.process_time()
        call(path)
        cpu[name].append((time.process_time() - started_cpu) * 1000)
        wall[name].append((time.perf_counter() - started) * 1000)
    bad = [s for s in statuses if not s.startswith("200")]
    assert not bad, bad[:5]
    h, p = statistics.median(cpu["hello"]), statistics.median(cpu["postcode"])
    print(f"RESULT rate limits {label_limits:<3}  hello-world CPU median {h:.3f} ms (wall {statistics.median(wall['hello']):.3f})"
          f"   postcode API CPU median {p:.3f} ms (wall {statistics.median(wall['postcode']):.3f})"
          f"   hello/postcode {h / p:.2f}")

settings.KINSHIP_RATE_LIMITS_ENABLED = False
run("off")
settings.KINSHIP_RATE_LIMITS_ENABLED = True
settings.KINSHIP_RATE_POSTCODE_API = "100000000/60"
run("on")
if os.environ.get("BENCH_PROFILE") == "1":
    settings.KINSHIP_RATE_LIMITS_ENABLED = False
    prof = cProfile.Profile(time.process_time)  # CPU, as the figures above: not the wait for the database
    prof.enable()
    for _ in range(n):
        call(postcode_path())
    prof.disable()
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(35)
    stats.sort_stats("cumulative").print_stats(60)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=4000, help="of each, per setting of the rate limits")
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the postcode file to load")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep-db", action="store_true", help="keep the loaded database afterwards")
    parser.add_argument("--reuse-db", action="store_true", help="use the database a --keep-db run left")
    args = parser.parse_args()
    if args.reuse_db:
        database = nullcontext(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}")
    else:
        database = postgres_database(DB_NAME, keep=args.keep_db)
    with database as database_url:
        env = production_env(
            database_url, REDIS_URL=f"{REDIS_BASE}/13", DJANGO_STATIC_ROOT=tempfile.mkdtemp()
        )
        manage(env, "migrate", "--noinput")
        if not args.reuse_db:
            manage(env, "load_open_data", str(DATA), "--skip-postcodes")
            with tempfile.TemporaryDirectory() as tmp:
                manage(env, "import_onspd", str(small_file(FULL, args.rows, Path(tmp) / "onspd.csv")))
        env.update(BENCH_REQUESTS=str(args.requests), BENCH_PROFILE="1" if args.profile else "0")
        started = time.time()
        load = os.getloadavg()[0]
        subprocess.run([PYTHON, "-c", INNER], cwd=ROOT, env=env, check=True)
        print(
            f"(in-process, {time.time() - started:.0f} s; load average {load:.2f} at the start, "
            f"{os.getloadavg()[0]:.2f} at the end)"
        )


if __name__ == "__main__":
    main()
