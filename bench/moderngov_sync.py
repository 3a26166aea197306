"""Issue 9 benchmark: `sync_moderngov --all` over the whole registry (all 154 ModernGov councils
in ../shared/data/representatives/council_democracy_services.csv) against a farm of fake
ModernGov sites on loopback, with a few sites stalling past the timeout. Prints the run's wall
time and the share of councils that got a lead member.

    .venv/bin/python bench/moderngov_sync.py [--stalls 3] [--concurrency 16] [--timeout 5]
        [--people-per-ward 2]

A throw-away PostgreSQL database `kinship_bench_moderngov` (at BENCH_PG_ADMIN_URL) gets the
open data's areas (no postcodes) and the registry; each council's fake site lists the council's
own wards (county councils: 60 made-up divisions, as their divisions are not in the open data),
titled as ModernGov sites write them, with a leader, a lead member under one of several real
title forms, cabinet members and decoys. The farm runs in its own process, so it does not share
the syncing process's interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import PYTHON, ROOT, dev_env, manage, postgres_database  # noqa: E402

DATA = Path(os.environ.get("KINSHIP_SHARED_DATA", ROOT.parent / "shared" / "data"))
STALLING = ("E10000030", "E08000035", "W06000023", "E06000047", "E09000022")  # Surrey, Leeds, Powys, ...


def build_sites(
    env: dict[str, str], people: int, stalls: int
) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """(sites as JSON-able dicts, registry rows (code, name, slug)) from the bench database."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from kinship.geography.models import AreaType
    from kinship.representatives.councils import council_ward_areas
    from kinship.representatives.models import CouncilSystem, DemocracyService
    from kinship.representatives.tests.moderngov_farm import site_for_council

    sites, rows = [], []
    services = DemocracyService.objects.filter(system=CouncilSystem.MODERNGOV).select_related("council")
    for n, service in enumerate(services.order_by("gss_code")):
        council = service.council
        if council is None:
            continue
        if council.type == AreaType.COUNTY:
            names = [f"Division {k}" for k in range(1, 61)]
        else:
            names = sorted({a.name for a in council_ward_areas(council).values()})
        site = site_for_council(names, seed=n, people_per_ward=people)
        slug = service.gss_code.lower()
        fault = "stall" if service.gss_code in STALLING[:stalls] else ""
        sites.append(
            {"slug": slug, "fault": fault, "wards": [(t, [asdict(c) for c in p]) for t, p in site.wards]}
        )
        rows.append((service.gss_code, service.official_name, slug))
    return sites, rows


def serve_farm(sites_file: Path, port_file: Path) -> None:
    """Run in the farm's own process: serve the sites until killed."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from kinship.representatives.tests.moderngov_farm import Farm, FarmCouncillor, Site

    farm = Farm()
    for item in json.loads(sites_file.read_text()):
        wards = [
            (title, [FarmCouncillor(**{**c, "key_posts": tuple(c["key_posts"])}) for c in people])
            for title, people in item["wards"]
        ]
        farm.sites[item["slug"]] = Site(wards=wards, fault=item["fault"], stall_seconds=600)
    farm.thread.start()
    port_file.write_text(farm.base)
    while True:
        time.sleep(3600)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stalls", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--people-per-ward", type=int, default=2)
    parser.add_argument("--serve-farm", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_farm:
        serve_farm(Path(args.serve_farm[0]), Path(args.serve_farm[1]))
        return
    if not (DATA / "representatives" / "council_democracy_services.csv").is_file():
        sys.exit(f"no shared data at {DATA}: set KINSHIP_SHARED_DATA")
    work = Path(tempfile.mkdtemp(prefix="kinship-bench-moderngov-"))
    with postgres_database("kinship_bench_moderngov") as url:
        env = dev_env(url, KINSHIP_SHARED_DATA=str(DATA))
        manage(env, "migrate", "--noinput")
        started = time.monotonic()
        manage(env, "load_open_data", str(DATA), "--skip-postcodes")
        print(f"open data (areas, MPs, registry) loaded in {time.monotonic() - started:.1f}s")
        sites, rows = build_sites(env, args.people_per_ward, args.stalls)
        (work / "sites.json").write_text(json.dumps(sites))
        farm = subprocess.Popen(
            [PYTHON, __file__, "--serve-farm", str(work / "sites.json"), str(work / "port")], cwd=ROOT
        )
        try:
            while not (work / "port").exists():
                time.sleep(0.1)
            base = (work / "port").read_text()
            lines = ["gss_code,local_authority_code,official_name,councillors_cms,councillors_base_url"]
            lines += [f'{code},,"{name}",ModernGov,{base}/{slug}' for code, name, slug in rows]
            (work / "registry.csv").write_text("\n".join(lines) + "\n")
            people = sum(len(p) for s in sites for _, p in s["wards"])
            print(
                f"farm: {len(sites)} ModernGov sites, {people} councillors, {args.stalls} stalling; sync starts"
            )
            for label in ("first run (all new)", "second run (no changes)"):
                started = time.monotonic()
                done = subprocess.run(
                    [
                        PYTHON,
                        "manage.py",
                        "sync_moderngov",
                        "--all",
                        "--registry",
                        str(work / "registry.csv"),
                        "--concurrency",
                        str(args.concurrency),
                        "--timeout",
                        str(args.timeout),
                    ],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                seconds = time.monotonic() - started
                summary = done.stdout[done.stdout.index("sync_moderngov --all: ", 30) :]
                head = summary.splitlines()[0]
                synced, total = map(int, re.search(r"(\d+) of (\d+) councils synced", head).groups())
                without = int(re.search(r"no lead member found \((\d+)\)", summary).group(1))
                print(f"{label}: wall {seconds:.1f}s (Django start-up included); {head}")
                print(
                    f"  councils with a lead member: {synced - without} of {total} "
                    f"({100 * (synced - without) / total:.1f}%); of those whose site answered: "
                    f"{100 * (synced - without) / max(synced, 1):.1f}%"
                )
                print("  " + "\n  ".join(summary.split("councils that failed")[1].splitlines()[:8]))
        finally:
            farm.kill()
            farm.wait()


if __name__ == "__main__":
    main()
