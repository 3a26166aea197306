"""Issue 2 benchmark: requests per second through gunicorn (production settings, PostgreSQL)
for a hello-world view, the public pages anonymous visitors see (campaign, action, petition and
area pages: served from the page cache, kinship.core.pagecache) and the join POST, each as a
ratio of hello-world.

    .venv/bin/python bench/foundation_bench.py [--seconds 10] [--concurrency 8] [--workers 4]
"""

from __future__ import annotations

import argparse
import http.client
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import get as get_request  # noqa: E402
from _harness import gunicorn, manage, postgres_database, prepare_site, production_env, run_load  # noqa: E402

CAMPAIGN = "/campaigns/value-our-love/"
# Every public page of issue 17 (goal: each at least 0.9 of hello-world).
PAGES = {
    "campaign page": CAMPAIGN,
    "action page": "/actions/email-the-minister/",
    "petition page": "/petitions/value-our-love-petition/",
    "area page": "/areas/E06900001/",
}
JOIN = "/campaigns/value-our-love/join/"


def join_request():  # type: ignore[no-untyped-def]
    """POST the join form the way a browser does: cookie + CSRF token from the page, then submit."""
    tokens: dict[int, tuple[str, str]] = {}

    def request(conn: http.client.HTTPConnection, n: int) -> int:
        key = id(conn)
        if key not in tokens:
            conn.request("GET", JOIN)
            response = conn.getresponse()
            body = response.read().decode()
            cookie = response.getheader("Set-Cookie", "")
            csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            assert csrf_cookie and token, "no CSRF token on the join page"
            tokens[key] = (csrf_cookie.group(1), token.group(1))
        cookie_value, token_value = tokens[key]
        form = urlencode(
            {
                "csrfmiddlewaretoken": token_value,
                "name": f"Bench Person {n}",
                "email": f"bench{n}@example.org",
                "postcode": "",
                "is_kinship_carer": "yes",
                "consent_contact": "on",
            }
        )
        conn.request(
            "POST",
            JOIN,
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie_value}",
                "Referer": "http://127.0.0.1/",
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status if response.status == 302 else 500

    return request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    with postgres_database("kinship_bench_foundation") as database_url:
        env = production_env(database_url)
        prepare_site(env)
        for loader in ("load_demo_places", "load_demo_people", "load_demo_campaigns", "load_demo_petitions"):
            manage(env, loader)
        with gunicorn(env, workers=args.workers) as port:
            for path in ("/hello", *PAGES.values()):  # warm up every worker
                run_load("warm-up", port, get_request(path), seconds=2, concurrency=args.concurrency)
            hello = run_load(
                "hello-world", port, get_request("/hello"), seconds=args.seconds, concurrency=args.concurrency
            )
            pages = [
                run_load(label, port, get_request(path), seconds=args.seconds, concurrency=args.concurrency)
                for label, path in PAGES.items()
            ]
            joins = run_load(
                "join POST", port, join_request(), seconds=args.seconds, concurrency=args.concurrency
            )
    print(
        f"gunicorn {args.workers} sync workers, PostgreSQL, {args.concurrency} concurrent clients, {args.seconds:.0f} s each"
    )
    print(hello.line())
    for page in pages:
        print(page.line(hello))
    print(joins.line(hello))


if __name__ == "__main__":
    main()
