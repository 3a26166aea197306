"""Issue 13 benchmark: the council scorecard's public pages with every one of the 175 councils
published (gunicorn, production settings, PostgreSQL), each as a ratio to hello-world.

Loads the real list of children's-services authorities from KINSHIP_SHARED_DATA (or the demo
councils when it is absent), the criteria and the allowance rates, then publishes a made-up
assessment for every council in a throwaway database (a benchmark only: never real claims), and
measures the national table, a council's page, its API, the CSV and the calculator. Rounds
alternate hello-world and the pages so a busy machine hurts each alike.

    .venv/bin/python bench/scorecard_bench.py [--seconds 5] [--rounds 2] [--concurrency 4] [--workers 2]

Loopback only; every phase is bounded in time. Rate limits are off for the run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    LoadResult,
    gunicorn,
    manage,
    postgres_database,
    prepare_site,
    production_env,
    run_load,
)
from _harness import get as get_request  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KINSHIP_SHARED_DATA", str(ROOT.parent / "shared" / "data")))

# Publishes a made-up assessment for every council in the benchmark's own database.
PUBLISH_ALL = """
import random
from django.contrib.auth import get_user_model
from django.utils import timezone
from kinship.geography.models import Area, CHILDRENS_SERVICES_TYPES
from kinship.scorecard.models import Answer, Assessment
from kinship.scorecard.selectors import active_criteria
rng = random.Random(13)
user, _ = get_user_model().objects.get_or_create(username="bench-assessor")
criteria = list(active_criteria())
for council in Area.objects.filter(type__in=CHILDRENS_SERVICES_TYPES):
    a = Assessment.objects.create(council=council, assessor=user, status="published",
                                  published_at=timezone.now(), checked_on=timezone.localdate())
    Answer.objects.bulk_create([
        Answer(assessment=a, criterion=c, option=rng.choice(list(c.options.all())),
               evidence_url=f"https://bench.example.org/{council.code}/{c.slug}",
               evidence_location="Section 1", evidence_quote="Bench text.", evidence_seen_on=timezone.localdate())
        for c in criteria])
print("published", Assessment.objects.count())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    authorities = SHARED / "local-authorities" / "childrens_services_authorities_england_wales.csv"
    with postgres_database("kinship_bench_scorecard") as database_url:
        env = production_env(database_url)
        prepare_site(env)
        if authorities.is_file():
            manage(env, "import_countries")
            manage(env, "import_local_authorities", str(authorities))
            council = "E10000030"
        else:
            manage(env, "load_demo_places")
            council = "E10900001"
        manage(env, "load_scorecard_criteria")
        if (SHARED / "allowances").is_dir():
            manage(env, "import_fostering_allowances")
        manage(env, "shell", "-c", PUBLISH_ALL)
        pages = {
            "national table (175)": "/scorecard/",
            "council page": f"/scorecard/councils/{council}/",
            "council API": f"/api/v1/councils/{council}/scorecard",
            "CSV (175 x 9 rows)": "/scorecard/kinship-council-scorecard.csv",
            "calculator result": f"/allowance-calculator/?council={council}&age=7&received=150",
        }
        results: dict[str, list[LoadResult]] = {"hello": [], **{name: [] for name in pages}}
        with gunicorn(env, workers=args.workers) as port:
            for path in ["/hello", *pages.values()]:  # warm every worker
                for _ in range(args.workers * 2):
                    run_load("warm", port, get_request(path), seconds=0.2, concurrency=1)
            for _round in range(args.rounds):
                results["hello"].append(
                    run_load(
                        "GET /hello",
                        port,
                        get_request("/hello"),
                        seconds=args.seconds,
                        concurrency=args.concurrency,
                    )
                )
                for name, path in pages.items():
                    results[name].append(
                        run_load(
                            name, port, get_request(path), seconds=args.seconds, concurrency=args.concurrency
                        )
                    )
        hello = statistics.median(r.rps for r in results["hello"])
        print(
            f"load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds of {args.seconds}s, concurrency {args.concurrency}, {args.workers} workers"
        )
        for name, runs in results.items():
            best = max(runs, key=lambda r: r.rps)
            rps = statistics.median(r.rps for r in runs)
            errors = sum(r.errors for r in runs)
            print(
                f"{name:<24} {rps:8.1f} req/s  median {statistics.median(best.latencies_ms or [0]):6.1f} ms"
                f"  p95 {best.pct(95):6.1f} ms  errors {errors}  ratio to hello-world {rps / hello:.3f}"
            )


if __name__ == "__main__":
    main()
