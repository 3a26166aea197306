"""Issue 12 benchmark: the local campaigns pages (gunicorn, production settings, PostgreSQL),
each as a ratio to hello-world: the guided steps' "who" (postcode → the council's people with
office start dates), "what" (with the scorecard's gaps for the council) and the drafted message,
and the journey log's link request page.

Loads the demo places and people (fictional) into a throwaway database. Rounds alternate
hello-world and the pages so a busy machine hurts each alike.

    .venv/bin/python bench/localcampaigns_bench.py [--seconds 5] [--rounds 2] [--concurrency 4] [--workers 2]

Loopback only; every phase is bounded in time. Rate limits are off for the run.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import urllib.request
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

WHO = "/campaign-in-your-council/who/?postcode=XX1+1AA"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with postgres_database("kinship_bench_localcampaigns") as database_url:
        env = production_env(database_url)
        prepare_site(env)
        manage(env, "load_demo", "--allow-outside-demo")
        manage(env, "load_scorecard_criteria")
        with gunicorn(env, workers=args.workers) as port:
            page = urllib.request.urlopen(f"http://127.0.0.1:{port}{WHO}", timeout=10).read().decode()
            who = re.search(r'name="who" type="radio" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            pages = {
                "guided: who": WHO,
                "guided: what": f"/campaign-in-your-council/what/?postcode=XX1+1AA&who={who}",
                "guided: draft": f"/campaign-in-your-council/write/?postcode=XX1+1AA&who={who}&ask=review&method=email",
                "journey: ask for link": "/campaign-journey/",
            }
            results: dict[str, list[LoadResult]] = {"hello": [], **{name: [] for name in pages}}
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
            f"load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds of {args.seconds}s, "
            f"concurrency {args.concurrency}, {args.workers} workers"
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
