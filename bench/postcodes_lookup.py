"""Issue 3 benchmark: postcode lookup latency server-side (median, p99) with the full ONSPD
file and with 10,000 rows, and the postcode API's requests per second through gunicorn
(production settings, PostgreSQL, rate limits off) as a ratio to hello-world.

    .venv/bin/python bench/postcodes_lookup.py [--file PATH] [--lookups 20000] [--seconds 10]
        [--concurrency 8] [--workers 4] [--skip-sqlite]

Throw-away databases: PostgreSQL `kinship_bench_geo_full` / `kinship_bench_geo_small`, SQLite in /tmp.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import http.client
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    PYTHON,
    ROOT,
    dev_env,
    gunicorn,
    manage,
    postgres_database,
    prepare_site,
    production_env,
    run_load,
)
from _harness import get as get_request  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FULL = DATA / "postcodes" / "gb_postcodes_onspd_format_2023_derived.csv.gz"


def small_file(full: Path, rows: int, target: Path) -> Path:
    """The first header and `rows` rows spread evenly through the full file."""
    with gzip.open(full, "rt", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        every = 1_734_274 // rows
        chosen = [row for n, row in enumerate(reader) if n % every == 0][:rows]
    with target.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(chosen)
    return target


def load(env: dict[str, str], onspd: Path) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "load_open_data", str(DATA), "--skip-postcodes")
    manage(env, "import_onspd", str(onspd))


def latency(env: dict[str, str], lookups: int) -> dict[str, float]:
    out = subprocess.run(
        [PYTHON, __file__, "--latency-worker", "--lookups", str(lookups)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def latency_worker(lookups: int) -> None:
    import django

    django.setup()
    from django.db import connection

    from kinship.geography.services import postcode_lookup

    with connection.cursor() as cursor:
        cursor.execute("SELECT postcode FROM geography_postcode")
        postcodes = [row[0] for row in cursor.fetchall()]
    rng = random.Random(3)
    sample = [rng.choice(postcodes).lower().replace(" ", "") for _ in range(lookups)]
    for text in sample[:2000]:  # warm the area cache and the database's pages
        postcode_lookup(text)
    timings = []
    for text in sample:
        started = time.perf_counter()
        postcode_lookup(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        json.dumps(
            {
                "rows": len(postcodes),
                "median_ms": timings[len(timings) // 2],
                "p99_ms": timings[int(len(timings) * 0.99)],
            }
        )
    )


STUB_HOOKS = """
def post_worker_init(worker):
    # Bench only: isolate the geography part of the API from the representatives selector.
    import kinship.representatives.selectors as selectors
    selectors.representatives_for_postcode = lambda result: []
"""


def api_request(postcodes: list[str]):  # type: ignore[no-untyped-def]
    def request(conn: http.client.HTTPConnection, n: int) -> int:
        conn.request("GET", "/api/v1/postcodes/" + quote(postcodes[n % len(postcodes)]))
        response = conn.getresponse()
        response.read()
        return response.status

    return request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, default=FULL)
    parser.add_argument("--lookups", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--latency-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.latency_worker:
        latency_worker(args.lookups)
        return

    results: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="kinship-bench-") as tmp:
        small = small_file(args.file, 10_000, Path(tmp) / "onspd_10k.csv")
        with postgres_database("kinship_bench_geo_small") as url:
            env = dev_env(url)
            load(env, small)
            results.append(("PostgreSQL 10k rows", latency(env, args.lookups)))
        with postgres_database("kinship_bench_geo_full") as url:
            env = dev_env(url)
            load(env, args.file)
            results.append(("PostgreSQL full", latency(env, args.lookups)))

            # The API through gunicorn, on the same full database.
            prod = production_env(url)
            prepare_site(prod)
            manage(prod, "load_demo_places")
            manage(prod, "load_demo_people")  # load_demo_places loads places only
            import psycopg

            with psycopg.connect(url) as conn:
                rows = conn.execute(
                    "SELECT postcode FROM geography_postcode WHERE country <> 'S92000003' ORDER BY random() LIMIT 5000"
                ).fetchall()
            postcodes = [row[0] for row in rows]
            with gunicorn(prod, workers=args.workers) as port:
                for request in (get_request("/hello"), api_request(postcodes)):
                    run_load("warm-up", port, request, seconds=2, concurrency=args.concurrency)
                hello = run_load(
                    "hello-world",
                    port,
                    get_request("/hello"),
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                )
                api = run_load(
                    "postcode API",
                    port,
                    api_request(postcodes),
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                )
            hooks = Path(tmp) / "stub_hooks.py"
            hooks.write_text(STUB_HOOKS)
            with gunicorn(prod, workers=args.workers, extra_args=("--config", str(hooks))) as port:
                for request in (get_request("/hello"), api_request(postcodes)):
                    run_load("warm-up", port, request, seconds=2, concurrency=args.concurrency)
                hello2 = run_load(
                    "hello-world (2nd run)",
                    port,
                    get_request("/hello"),
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                )
                geo_only = run_load(
                    "API, reps stubbed",
                    port,
                    api_request(postcodes),
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                )
        if not args.skip_sqlite:
            for label, path in (("SQLite 10k rows", small), ("SQLite full", args.file)):
                env = dev_env(f"sqlite:///{tmp}/{label.split()[1]}.sqlite3")
                load(env, path)
                results.append((label, latency(env, args.lookups)))

    print(
        f"Server-side postcode_lookup() latency, {args.lookups:,} random postcodes (typed lower-case, no space):"
    )
    for label, figures in results:
        print(
            f"  {label:<22} rows {int(figures['rows']):>9,}  median {figures['median_ms']:.3f} ms  p99 {figures['p99_ms']:.3f} ms"
        )
    by_label = dict(results)
    for db in ("PostgreSQL", "SQLite"):
        if f"{db} full" in by_label and f"{db} 10k rows" in by_label:
            ratio = by_label[f"{db} full"]["median_ms"] / by_label[f"{db} 10k rows"]["median_ms"]
            print(f"  {db}: full / 10k median ratio {ratio:.2f}")
    print()
    print(
        f"gunicorn {args.workers} sync workers, PostgreSQL full data, {args.concurrency} clients, {args.seconds:.0f} s each"
    )
    print(hello.line())
    print(api.line(hello))
    print("The same API with representatives_for_postcode() stubbed to [] (geography part only):")
    print(hello2.line())
    print(geo_only.line(hello2))


if __name__ == "__main__":
    main()
