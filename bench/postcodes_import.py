"""Issue 3 benchmark: full ONSPD import time on PostgreSQL and SQLite, against a per-row ORM
save measured on a 20,000-row slice (extrapolated to the full file).

    .venv/bin/python bench/postcodes_import.py [--file PATH] [--slice 20000] [--skip-sqlite] [--skip-postgres]

Uses throw-away databases (PostgreSQL `kinship_bench_geo_import`, a SQLite file in /tmp).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, ROOT, dev_env, postgres_database  # noqa: E402

FULL = ROOT.parent / "shared" / "data" / "postcodes" / "gb_postcodes_onspd_format_2023_derived.csv.gz"


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def bulk_import(env: dict[str, str], path: Path) -> float:
    run(env, "manage.py", "migrate", "--noinput")
    started = time.perf_counter()
    out = run(env, "manage.py", "import_onspd", str(path))
    seconds = time.perf_counter() - started
    rows = int(out.strip().splitlines()[-1].split()[1].replace(",", ""))
    print(f"    {rows:,} rows; command wall time {seconds:.1f} s (includes Django start-up)")
    return seconds


def orm_slice(env: dict[str, str], path: Path, rows: int) -> float:
    """Seconds per row for the naive way: Postcode(...).save() per row, each its own transaction."""
    out = run(env, __file__, "--orm-worker", str(path), "--slice", str(rows))
    return float(json.loads(out.strip().splitlines()[-1])["per_row"])


def orm_worker(path: Path, rows: int) -> None:
    import django

    django.setup()
    from kinship.geography.importers.onspd import detect_layout, iter_rows, open_onspd
    from kinship.geography.models import Postcode

    Postcode.objects.all().delete()
    with open_onspd(path) as handle:
        reader = csv.reader(handle)
        _layout, positions = detect_layout(next(reader))
        batch = []
        for row in iter_rows(reader, positions):
            batch.append(row)
            if len(batch) >= rows:
                break
    started = time.perf_counter()
    for postcode, country, county, district, ward, pcon, lat, lng, term, division in batch:
        Postcode(
            postcode=postcode,
            country=country,
            county=county,
            district=district,
            ward=ward,
            constituency=pcon,
            lat=lat,
            lng=lng,
            terminated=term,
            division=division,
        ).save(force_insert=True)
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": len(batch), "seconds": seconds, "per_row": seconds / len(batch)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, default=FULL)
    parser.add_argument("--slice", type=int, default=20_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--orm-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.orm_worker:
        orm_worker(args.orm_worker, args.slice)
        return
    total_rows = 1_734_274
    results = []
    if not args.skip_postgres:
        with postgres_database("kinship_bench_geo_import") as url:
            env = dev_env(url)
            print("PostgreSQL: import_onspd (COPY into a new table, index, swap)")
            bulk = bulk_import(env, args.file)
            per_row = orm_slice(env, args.file, args.slice)
            results.append(("PostgreSQL", bulk, per_row))
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="kinship-bench-") as tmp:
            env = dev_env(f"sqlite:///{tmp}/bench.sqlite3")
            print("SQLite: import_onspd (batched executemany into a new table, index, swap)")
            bulk = bulk_import(env, args.file)
            per_row = orm_slice(env, args.file, args.slice)
            results.append(("SQLite", bulk, per_row))
    print()
    print(f"{'database':<11} {'import':>9} {'ORM per row':>12} {'ORM, full file (est.)':>22} {'speed-up':>9}")
    for name, bulk, per_row in results:
        orm_full = per_row * total_rows
        print(f"{name:<11} {bulk:8.1f}s {per_row * 1e6:10.0f}us {orm_full:20.0f}s {orm_full / bulk:8.0f}x")
    print(
        f"(ORM: one Postcode.save() per row, autocommit, measured on {args.slice:,} rows and scaled to {total_rows:,})"
    )


if __name__ == "__main__":
    main()
