"""Issue 14 benchmark: signing a petition under load (gunicorn, production settings, PostgreSQL).

Each simulated signer loads the petition page (which shows the total) and signs through the JSON
API (POST /api/v1/actions/<slug>/submissions: postcode lookup, the duplicate check, the signature
row and its confirmation email's outbox row in one transaction). Meanwhile a confirmer process
confirms the new signatures as people pressing their email links would, so the counter's shards
are being incremented while pages read the total.

Two gunicorns run side by side (only one is loaded at a time): one shows the live total on the
page (KINSHIP_PETITION_LIVE_COUNT=on: the sharded counter summed per request), one the total from
the last periodic count (off). Rounds alternate hello-world, live and periodic so a busy machine
hurts each alike. Reported: signatures per second, each as a ratio to hello-world, and live /
periodic (goal: 0.95 or better). At the end the live total is checked against the confirmed rows.

    .venv/bin/python bench/petitions_bench.py [--seconds 8] [--rounds 2] [--concurrency 8] [--workers 4]

Loopback only; every phase is bounded in time. Rate limits are off for the run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    PYTHON,
    ROOT,
    LoadResult,
    gunicorn,
    manage,
    postgres_database,
    prepare_site,
    production_env,
    run_load,
)
from _harness import get as get_request  # noqa: E402

SLUG = "value-our-love-petition"
PAGE = f"/petitions/{SLUG}/"
URL = f"/api/v1/actions/{SLUG}/submissions"
POSTCODES = ["XX1 1AA", "XX1 1AB", "XX1 2AB", "XX2 1AA", "XX3 1AA"]

# Confirms pending signatures until the stop file appears (as signers pressing their links).
CONFIRMER = """
import os, time
from kinship.core.signing import make_token
from kinship.petitions import services, tokens
from kinship.petitions.models import Signature
stop = os.environ["BENCH_STOP_FILE"]
while not os.path.exists(stop):
    pks = list(Signature.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True)[:200])
    for pk in pks:
        services.signature_confirm(token=make_token(pk, salt=tokens.CONFIRM_SALT))
    if not pks:
        time.sleep(0.05)
"""

CHECK = """
from kinship.campaigns.models import Action
from kinship.core.counters import counter_value
from kinship.petitions import services
from kinship.petitions.models import Petition, Signature
p = Petition.objects.get(action__slug="value-our-love-petition")
services.petition_count(petition=p)
print("CHECK", counter_value(key=p.action.counter_key), Signature.objects.filter(status="confirmed").count(), p.counted_total)
"""


def sign_request(prefix: str):  # type: ignore[no-untyped-def]
    def request(conn: http.client.HTTPConnection, n: int) -> int:
        conn.request("GET", PAGE)
        page = conn.getresponse()
        page.read()
        if page.status != 200:
            return page.status
        payload = {
            "name": f"Bench Signer {n}",
            "email": f"{prefix}{n}@example.org",
            "postcode": POSTCODES[n % len(POSTCODES)],
            "consent_contact": False,
        }
        conn.request("POST", URL, body=json.dumps(payload), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status if response.status == 202 else 500

    return request


def api_sign_request(prefix: str):  # type: ignore[no-untyped-def]
    def request(conn: http.client.HTTPConnection, n: int) -> int:
        payload = {
            "name": f"Bench API {n}",
            "email": f"{prefix}{n}@example.org",
            "postcode": POSTCODES[n % 5],
        }
        conn.request("POST", URL, body=json.dumps(payload), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status if response.status == 202 else 500

    return request


def load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.2f} (5-min {five:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    with postgres_database("kinship_bench_petitions") as database_url:
        env = production_env(database_url)
        prepare_site(env)
        for command in ("load_demo_places", "load_demo_people", "load_demo_campaigns", "load_demo_petitions"):
            manage(env, command)
        stop_file = Path(f"/tmp/kinship-petitions-bench-stop-{os.getpid()}")
        stop_file.unlink(missing_ok=True)
        confirmer = subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-c", CONFIRMER],
            cwd=ROOT,
            env={**env, "BENCH_STOP_FILE": str(stop_file)},
            start_new_session=True,
        )
        results: dict[str, list[LoadResult]] = {
            "hello": [],
            "live": [],
            "periodic": [],
            "page": [],
            "api": [],
        }
        loads: list[str] = [load_average()]
        try:
            with ExitStack() as stack:
                live = stack.enter_context(
                    gunicorn({**env, "KINSHIP_PETITION_LIVE_COUNT": "on"}, workers=args.workers)
                )
                periodic = stack.enter_context(
                    gunicorn({**env, "KINSHIP_PETITION_LIVE_COUNT": "off"}, workers=args.workers)
                )
                for port in (live, periodic):  # warm every worker (imports, connections)
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    for n in range(args.workers * 3):
                        sign_request(f"warm{port}-")(conn, n)
                for r in range(args.rounds):
                    results["hello"].append(
                        run_load(
                            "GET /hello",
                            live,
                            get_request("/hello"),
                            seconds=args.seconds,
                            concurrency=args.concurrency,
                        )
                    )
                    results["live"].append(
                        run_load(
                            "sign, live total",
                            live,
                            sign_request(f"live{r}-"),
                            seconds=args.seconds,
                            concurrency=args.concurrency,
                        )
                    )
                    results["periodic"].append(
                        run_load(
                            "sign, periodic total",
                            periodic,
                            sign_request(f"periodic{r}-"),
                            seconds=args.seconds,
                            concurrency=args.concurrency,
                        )
                    )
                    # Where the time goes: the page alone (live total) and the API signature alone.
                    results["page"].append(
                        run_load(
                            "GET petition page (live)",
                            live,
                            get_request(PAGE),
                            seconds=args.seconds / 2,
                            concurrency=args.concurrency,
                        )
                    )
                    results["api"].append(
                        run_load(
                            "POST signature (API only)",
                            live,
                            api_sign_request(f"api{r}-"),
                            seconds=args.seconds / 2,
                            concurrency=args.concurrency,
                        )
                    )
                    loads.append(load_average())
        finally:
            stop_file.touch()
            confirmer.wait(timeout=120)
            stop_file.unlink(missing_ok=True)
        time.sleep(0.2)
        check = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", CONFIRMER.replace("while not", "if not") + CHECK],
            cwd=ROOT,
            env={**env, "BENCH_STOP_FILE": "/nonexistent"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    print()
    for r in range(args.rounds):
        hello = results["hello"][r]
        print(f"round {r + 1}")
        print("  " + hello.line())
        print("  " + results["live"][r].line(hello))
        print("  " + results["periodic"][r].line(hello))
        print("  " + results["page"][r].line(hello))
        print("  " + results["api"][r].line(hello))
    hello_rps = statistics.mean(x.rps for x in results["hello"])
    live_rps = statistics.mean(x.rps for x in results["live"])
    periodic_rps = statistics.mean(x.rps for x in results["periodic"])
    print()
    print(f"load average during the run: {', '.join(loads)} on {os.cpu_count()} cores")
    print(
        f"total check (live counter, confirmed rows, periodic count): {check.strip().split('CHECK')[-1].strip()}"
    )
    print(
        f"RESULT signatures/s (page + API sign), live total: {live_rps:.1f} = {live_rps / hello_rps:.3f} of hello-world ({hello_rps:.0f} req/s)"
    )
    print(
        f"RESULT signatures/s (page + API sign), periodic total: {periodic_rps:.1f} = {periodic_rps / hello_rps:.3f} of hello-world"
    )
    print(f"RESULT live / periodic: {live_rps / periodic_rps:.3f} (goal >= 0.95)")


if __name__ == "__main__":
    main()
