"""A re-import swaps tables while lookups carry on: no lookup is lost."""

from __future__ import annotations

import csv
import threading
import time

import pytest
from django.db import connection

from kinship.geography.demo import load_demo_places
from kinship.geography.importers.onspd import import_onspd
from kinship.geography.services import postcode_lookup
from kinship.geography.types import PostcodeOutcome

CLASSIC_HEADER = ["pcd", "pcds", "doterm", "oscty", "oslaua", "osward", "pcon", "ctry", "lat", "long"]


def _write_classic_file(path, count: int) -> list[str]:
    """A generated ONSPD-layout file routing every postcode to the demo Fictionham district."""
    postcodes = []
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CLASSIC_HEADER)
        for n in range(count):
            postcode = f"XW{n // 1000 + 1} {n % 10}{chr(65 + n // 10 % 26)}{chr(65 + n // 260 % 4)}"
            postcodes.append(postcode)
            writer.writerow(
                [
                    postcode.replace(" ", ""),
                    postcode,
                    "",
                    "E10900001",
                    "E07900001",
                    "E05900001",
                    "E14900001",
                    "E92000001",
                    "52.1",
                    "-1.2",
                ]
            )
    return postcodes


@pytest.mark.django_db(transaction=True)
def test_lookups_during_a_re_import_all_succeed(tmp_path):
    load_demo_places()
    path = tmp_path / "onspd.csv"
    postcodes = _write_classic_file(path, 30_000)
    import_onspd(path)
    outcomes: list[str] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def look_up() -> None:
        try:
            i = 0
            while not stop.is_set():
                outcomes.append(postcode_lookup(postcodes[i * 7919 % len(postcodes)]).outcome)
                i += 1
        except BaseException as exc:  # the test reports it
            errors.append(exc)
        finally:
            connection.close()

    reader = threading.Thread(target=look_up)
    reader.start()
    try:
        time.sleep(0.05)
        for _ in range(2):
            import_onspd(path)
        time.sleep(0.05)
    finally:
        stop.set()
        reader.join(timeout=60)
    assert not errors, errors
    assert len(outcomes) > 50
    assert set(outcomes) == {PostcodeOutcome.LIVE}
