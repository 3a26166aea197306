"""Issue 17: what a database round trip costs the machine, apart from Django.

A join is 6 statements (BEGIN, 4 INSERTs, COMMIT), each a round trip: the web process sends,
sleeps, and is woken by the PostgreSQL backend's answer. This times that shape with psycopg
alone, in `--procs` processes at once (as gunicorn's sync workers), both as 6 round trips and as
one psycopg pipeline (the statements sent together, the answers read once), and prints the CPU
per transaction of the client processes and of their PostgreSQL backends (utime + stime from
/proc, so the kernel's share of each send, wake and receive is in it), rounds in turn so a busy
machine slows both alike. It answers whether pipelining the write paths would be worth its
complexity: the difference per transaction against the ~4 ms of machine CPU a join costs
through gunicorn (bench/README.md).

    .venv/bin/python bench/round_trips.py [--transactions 1500] [--procs 4] [--rounds 3]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import time
from typing import Any

import psycopg

ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = "kinship_bench_round_trips"
HZ = os.sysconf("SC_CLK_TCK")
INSERT = "INSERT INTO t (a, b, c) VALUES (%s, %s, %s)"


def _database_url() -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def _client(pipelined: bool, transactions: int, results: Any) -> None:
    with psycopg.connect(_database_url(), autocommit=True) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
        assert row is not None
        backend = int(row[0])
        cursor = conn.cursor()
        client_before, backend_before = _cpu_seconds(os.getpid()), _cpu_seconds(backend)
        started = time.perf_counter()
        for i in range(transactions):
            if pipelined:
                with conn.pipeline():
                    _transaction(cursor, i)
            else:
                _transaction(cursor, i)
        results.put(
            (
                _cpu_seconds(os.getpid()) - client_before,
                _cpu_seconds(backend) - backend_before,
                time.perf_counter() - started,
            )
        )


def _transaction(cursor: Any, i: int) -> None:
    cursor.execute("BEGIN")
    for k in range(4):
        cursor.execute(INSERT, (i, "x" * 40, k), prepare=True)
    cursor.execute("COMMIT")


def _round(pipelined: bool, transactions: int, procs: int) -> tuple[float, float, float]:
    results: Any = mp.Queue()
    workers = [mp.Process(target=_client, args=(pipelined, transactions, results)) for _ in range(procs)]
    for worker in workers:
        worker.start()
    measured = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    total = transactions * procs
    client = sum(m[0] for m in measured) / total * 1000
    backend = sum(m[1] for m in measured) / total * 1000
    return client, backend, total / max(m[2] for m in measured)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--transactions", type=int, default=1500, help="per process and round")
    parser.add_argument("--procs", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    try:
        with psycopg.connect(_database_url(), autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE t (id bigserial PRIMARY KEY, a int, b text, c int, created timestamptz DEFAULT now())"
            )
        figures: dict[str, list[tuple[float, float, float]]] = {"6 round trips": [], "1 pipeline": []}
        for _ in range(args.rounds):
            for name, pipelined in (("6 round trips", False), ("1 pipeline", True)):
                client, backend, rate = _round(pipelined, args.transactions, args.procs)
                figures[name].append((client, backend, rate))
                print(
                    f"  {name:14s} client {client:.3f} ms  backend {backend:.3f} ms  "
                    f"together {client + backend:.3f} ms a transaction  {rate:,.0f} tx/s",
                    flush=True,
                )
        print(
            f"{args.procs} processes, {args.transactions} transactions each a round; medians of {args.rounds} rounds:"
        )
        for name, rows in figures.items():
            together = statistics.median(r[0] + r[1] for r in rows)
            print(f"RESULT {name:14s} {together:.3f} ms of CPU a transaction (client and backend)")
        print(f"load average {os.getloadavg()[0]:.1f}")
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
