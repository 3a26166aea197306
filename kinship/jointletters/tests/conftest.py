"""Joint letters tests use messaging's fictional place (Demoshire, postcode XX1 1AA), its captured
and real SMTP mail, and a private folder of their own for stored files."""

from __future__ import annotations

import pytest

from kinship.messaging.tests.conftest import action, db_tasks, mail, place, smtp  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "private"
    settings.KINSHIP_PRIVATE_STORAGE_DIR = str(folder)
    return folder


def stored_files(folder) -> list:  # type: ignore[no-untyped-def]
    return sorted(p for p in folder.glob("*")) if folder.exists() else []
