"""Run every benchmark in turn (`make bench`). Each script prints its own figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "peak_table.py",  # issue 17's table first: every peak path against hello-world in one run
    "foundation_bench.py",
    "postcodes_import.py",
    "postcodes_lookup.py",
    "submissions_bench.py",
    "map_page_weight.py",
    "petitions_bench.py",
    "moderngov_sync.py",
    "localcampaigns_bench.py",
    "growth_bench.py",
]


def main() -> int:
    failed = []
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        if subprocess.run([sys.executable, str(HERE / script)], cwd=HERE.parent).returncode != 0:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
