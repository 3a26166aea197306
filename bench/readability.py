"""How hard each public page's main text is to read: Flesch-Kincaid grade per page, measured with
textstat 0.7.3 (offline; what counts as the main text: tests/readability.py). GOV.UK aims at
grade 4 to 5 for running text.

Runs tests/test_readability.py (the demo loaded into a throw-away SQLite database, every public
page fetched) and prints its figures. ~30 s.

    .venv/bin/python bench/readability.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "readability.json"
        env = {**os.environ, "KINSHIP_READABILITY_FIGURES": str(out)}
        env.pop("DATABASE_URL", None)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/test_readability.py", "-q", "-p", "no:cacheprovider"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if not out.exists():
            print(result.stdout[-4000:], result.stderr[-2000:], sep="\n")
            return 1
        readings = json.loads(out.read_text())
    print("| page | Flesch-Kincaid grade | words | sentences |\n|---|---|---|---|")
    for r in sorted(readings, key=lambda r: -r["grade"]):
        print(f"| {r['page']} | {r['grade']} | {r['words']} | {r['sentences']} |")
    if result.returncode != 0:
        print("\nSome page reads harder than the test's ceiling: see tests/test_readability.py")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
