"""How long a carer's journey is on a 390x844 phone, from the campaign page to a confirmed-and-sent
message, for the MP action and the council action: screens, fields filled, taps and
viewport-heights scrolled (what each means: tests/browser/journey_length.py).

Runs the browser test `tests/browser/test_browser_journey_length.py` (headless Debian Chromium
against a live server on SQLite, mail captured) and prints its figures. ~30 s.

    .venv/bin/python bench/journey_length.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from journey_length import figures_table  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "journeys.json"
        env = {**os.environ, "KINSHIP_JOURNEY_FIGURES": str(out)}
        env.pop("DATABASE_URL", None)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "tests/browser/test_browser_journey_length.py",
                "-q",
                "-p",
                "no:cacheprovider",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not out.exists():
            print(result.stdout[-4000:], result.stderr[-2000:], sep="\n")
            return 1
        journeys = json.loads(out.read_text())
    print(figures_table(journeys))
    print()
    for journey in journeys:
        steps = ", ".join(f"{s['screen']} {s['viewport_heights']}" for s in journey["per_screen"])
        print(f"{journey['action']}: viewport-heights per screen: {steps}")
        print(f"{journey['action']}: states shown at the end: {', '.join(journey['final_states'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
