"""The registry of councils' democracy sites, and the weekly countrywide sync."""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinship.core import scheduling
from kinship.geography.tests.factories import CouncilFactory, WardFactory
from kinship.representatives.models import CouncilSystem, DemocracyService, Office, Role, SyncResult
from kinship.representatives.registry import RegistryRefusedError, democracy_services_import
from kinship.representatives.tests.moderngov_farm import FarmCouncillor, Site, moderngov_farm, registry_csv

pytestmark = pytest.mark.django_db


def _write(tmp_path, rows, name="registry.csv"):
    path = tmp_path / name
    path.write_text(registry_csv(rows), encoding="utf-8")
    return path


def test_the_shared_registry_loads_all_175_councils(shared_data):
    call_command(
        "import_democracy_services",
        str(shared_data / "representatives" / "council_democracy_services.csv"),
        stdout=StringIO(),
    )

    assert DemocracyService.objects.count() == 175
    assert DemocracyService.objects.filter(system=CouncilSystem.MODERNGOV).count() == 154
    assert DemocracyService.objects.filter(system=CouncilSystem.CMIS).count() == 10
    assert DemocracyService.objects.filter(system=CouncilSystem.CUSTOM).count() == 11


def test_the_default_registry_is_a_setting(settings, tmp_path):
    council = CouncilFactory()
    settings.KINSHIP_DEMOCRACY_SERVICES_FILE = str(
        _write(tmp_path, [(council.code, "Own Copy Council", "ModernGov", "https://mg.example.org")])
    )

    call_command("import_democracy_services", stdout=StringIO())

    service = DemocracyService.objects.get()
    assert (service.council, service.official_name, service.base_url) == (
        council,
        "Own Copy Council",
        "https://mg.example.org",
    )


def test_a_site_a_steward_corrected_survives_a_reimport(tmp_path):
    path = _write(
        tmp_path, [("E06000001", "Hartlepool Borough Council", "ModernGov", "https://old.example.org")]
    )
    democracy_services_import(path)
    DemocracyService.objects.update(base_url="https://corrected.example.org", edited_by_staff=True)

    result = democracy_services_import(path)

    assert DemocracyService.objects.get().base_url == "https://corrected.example.org"
    assert result.kept_staff_site == ["Hartlepool Borough Council: https://corrected.example.org"]


def test_a_registry_with_a_bad_row_imports_nothing_and_says_why(tmp_path):
    path = _write(
        tmp_path,
        [
            ("E06000001", "Hartlepool Borough Council", "ModernGov", "https://mg.example.org"),
            ("E06000002", "Middlesbrough Council", "Sharepoint", "not a url"),
        ],
    )

    with pytest.raises(RegistryRefusedError) as caught:
        democracy_services_import(path)

    assert DemocracyService.objects.count() == 0
    assert "row 3" in caught.value.rejected[0] and "Sharepoint" in caught.value.rejected[0]
    assert "not a web address" in caught.value.rejected[0]


def test_the_command_refuses_a_missing_file_kindly(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command(
            "import_democracy_services", str(tmp_path / "nope.csv"), stdout=StringIO(), stderr=StringIO()
        )


@pytest.fixture
def weekly(settings):
    settings.KINSHIP_SYNC_MODERNGOV_WEEKLY = True
    from kinship.representatives import periodic

    importlib.reload(periodic)
    yield scheduling.REGISTRY["representatives.sync_moderngov"]
    scheduling.REGISTRY.pop("representatives.sync_moderngov", None)
    scheduling.REGISTRY.pop("representatives.sync_mps", None)


def test_the_weekly_sync_is_off_unless_switched_on():
    from kinship.representatives import periodic

    importlib.reload(periodic)
    assert "representatives.sync_moderngov" not in scheduling.REGISTRY


def test_the_weekly_sync_runs_once_across_workers(weekly, settings, tmp_path):
    council = CouncilFactory(name="Weekly")
    WardFactory(name="Centre", parent=council)
    with moderngov_farm() as farm:
        farm.sites["weekly"] = Site(
            wards=[("Centre", [FarmCouncillor(id="1", name="Councillor Ann Weekly")])]
        )
        settings.KINSHIP_DEMOCRACY_SERVICES_FILE = str(
            _write(tmp_path, [(council.code, "Weekly Council", "ModernGov", farm.url("weekly"))])
        )
        first = scheduling.run_due_jobs()
        second = scheduling.run_due_jobs()

    assert "representatives.sync_moderngov" in first
    assert "representatives.sync_moderngov" not in second
    assert farm.hits["weekly"] == 1
    assert Office.objects.filter(role=Role.WARD_COUNCILLOR, person__name="Ann Weekly").exists()
    assert DemocracyService.objects.get().last_sync_result == SyncResult.OK
