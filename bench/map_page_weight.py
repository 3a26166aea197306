"""Page weight of the maps (issue 15): the hex map page, with its data and every asset it loads,
compressed as a server or CDN would send it (gzip level 6), against the 350 KB budget; and the
geographic map, which is only loaded when asked for.

Real open data (KINSHIP_SHARED_DATA, default ../shared/data): areas, the hex maps and boundaries,
and a benchmark dataset giving every constituency and council a value (so every area is coloured
and the table is full). Production settings under gunicorn on a throw-away PostgreSQL database.

    .venv/bin/python bench/map_page_weight.py
"""

from __future__ import annotations

import csv
import gzip
import http.client
import os
import random
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import ROOT, gunicorn, manage, postgres_database, prepare_site, production_env  # noqa: E402

BUDGET = 350 * 1024
DATA = Path(os.environ.get("KINSHIP_SHARED_DATA", str(ROOT.parent / "shared" / "data")))


def fetch(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return body


def weigh(port: int, path: str) -> tuple[int, int, list[tuple[str, int, int]]]:
    html = fetch(port, path)
    parts = [(path, len(html), len(gzip.compress(html, 6)))]
    queue = sorted(set(re.findall(rb'(?:src|href)="(/static/[^"]+\.(?:css|js))"', html)))
    seen: set[bytes] = set()
    while queue:  # scripts' own imports count too (main.js loads GOV.UK Frontend as a module)
        asset = queue.pop(0)
        if asset in seen:
            continue
        seen.add(asset)
        body = fetch(port, asset.decode())
        parts.append((asset.decode(), len(body), len(gzip.compress(body, 6))))
        folder = asset.rsplit(b"/", 1)[0]
        queue += [folder + b"/" + name for name in re.findall(rb'from\s*"\./([^"]+\.js)"', body)]
    return sum(p[1] for p in parts), sum(p[2] for p in parts), parts


def codes(path: Path, column: str) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def bench_dataset(kind: str, codes: list[str]) -> Path:
    rng = random.Random(15)
    path = Path(tempfile.mkdtemp()) / f"{kind}.csv"
    path.write_text("area_code,value\n" + "".join(f"{c},{rng.randint(50, 2500)}\n" for c in codes))
    return path


def main() -> int:
    if not DATA.is_dir():
        print(f"skipped: open data not found at {DATA} (set KINSHIP_SHARED_DATA)")
        return 0
    with postgres_database("kinship_bench_maps") as url:
        env = production_env(url)
        prepare_site(env)
        manage(env, "load_open_data", str(DATA), "--skip-postcodes")
        constituencies = codes(DATA / "constituencies/pcon24_constituencies_uk.csv", "PCON24CD")
        councils = codes(
            DATA / "local-authorities/childrens_services_authorities_england_wales.csv", "gss-code"
        )
        common = ["--unit", "children", "--source", "Benchmark figures (random)", "--licence", "n/a"]
        common += ["--date", "2026-01-01", "--public", "--skip-unknown"]
        manage(
            env,
            "import_dataset",
            str(bench_dataset("c", constituencies)),
            "--slug",
            "bench-c",
            "--title",
            "Bench",
            "--area-kind",
            "constituency",
            *common,
        )
        manage(
            env,
            "import_dataset",
            str(bench_dataset("a", councils)),
            "--slug",
            "bench-a",
            "--title",
            "Bench",
            "--area-kind",
            "council",
            *common,
        )
        with gunicorn(env, workers=2) as port:
            print(f"{'page':58} {'raw KB':>8} {'gzip KB':>8}")
            results = {}
            for label, path in [
                ("hex map, 650 constituencies", "/maps/?area=constituency&layer=data:bench-c"),
                ("hex map, 175 councils", "/maps/?area=council&layer=data:bench-a"),
                (
                    "geographic map, 650 constituencies (on request)",
                    "/maps/?area=constituency&layer=data:bench-c&view=geographic",
                ),
                (
                    "geographic map, 175 councils (on request)",
                    "/maps/?area=council&layer=data:bench-a&view=geographic",
                ),
                ("area page (a constituency)", "/areas/E14001063/"),
            ]:
                raw, packed, parts = weigh(port, path)
                results[label] = packed
                print(f"{label:58} {raw / 1024:8.1f} {packed / 1024:8.1f}")
                for part, r, p in parts[1:]:
                    print(f"    {part:54} {r / 1024:8.1f} {p / 1024:8.1f}")
            worst_hex = max(results["hex map, 650 constituencies"], results["hex map, 175 councils"])
            print(
                f"hex map page with data and assets: {worst_hex / 1024:.1f} KB compressed (budget 350 KB): "
                f"{'within' if worst_hex <= BUDGET else 'OVER'} budget"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
