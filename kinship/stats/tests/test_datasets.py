"""Dataset import: every row checked; unknown codes and other problems reported, never dropped silently."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kinship.stats.importers import DatasetDetails, DatasetFileError, dataset_check, dataset_import
from kinship.stats.models import AreaKind, Dataset, DatasetValue, Visibility

pytestmark = pytest.mark.django_db


def _details(**overrides: object) -> DatasetDetails:
    values: dict[str, object] = {
        "slug": "kin",
        "title": "Children in kinship care",
        "unit": "children",
        "source": "ONS",
        "licence": "OGL v3.0",
        "published_on": dt.date(2023, 9, 26),
        "area_kind": AreaKind.CONSTITUENCY,
        "visibility": Visibility.PUBLIC,
    }
    values.update(overrides)
    return DatasetDetails(**values)  # type: ignore[arg-type]


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "figures.csv"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_good_file_is_imported_and_a_second_import_replaces_it(demo_places, tmp_path):
    report = dataset_import(_csv(tmp_path, 'area_code,value\nE14900001,410\ne14900002,"1,265"\n'), _details())
    assert report.imported == 2
    assert dict(DatasetValue.objects.values_list("area__code", "value")) == {
        "E14900001": 410,
        "E14900002": 1265,
    }
    dataset_import(_csv(tmp_path, "area_code,value\nE14900001,7\n"), _details())
    assert dict(DatasetValue.objects.values_list("area__code", "value")) == {"E14900001": 7}
    assert Dataset.objects.get().rows == 1


def test_unknown_codes_are_reported_by_line_and_nothing_is_imported(demo_places, tmp_path):
    path = _csv(tmp_path, "area_code,value\nE14900001,10\nE14999999,3\nNOPE,4\n")
    with pytest.raises(DatasetFileError) as error:
        dataset_import(path, _details())
    assert "line 3: no area has the code 'E14999999'" in str(error.value)
    assert "line 4: no area has the code 'NOPE'" in str(error.value)
    assert not Dataset.objects.exists()


def test_skip_unknown_imports_the_rest_and_still_lists_the_unknown(demo_places, tmp_path):
    path = _csv(tmp_path, "area_code,value\nE14900001,10\nE14999999,3\n")
    report = dataset_import(path, _details(), skip_unknown=True)
    assert report.imported == 1
    assert report.unknown_codes == [(3, "E14999999")]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("area_code,value\nE10900001,10\n", "line 2: E10900001 is not one of this dataset's kind of area"),
        ("area_code,value\nE14900001,lots\n", "line 2: 'lots' is not a number"),
        ("area_code,value\nE14900001,1\nE14900001,2\n", "line 3: E14900001 appears more than once"),
        ("area_code,value\nE14900001,nan\n", "line 2: 'nan' is not a number"),
    ],
)
def test_other_problems_refuse_the_file_even_with_skip_unknown(demo_places, tmp_path, body, problem):
    with pytest.raises(DatasetFileError) as error:
        dataset_import(_csv(tmp_path, body), _details(), skip_unknown=True)
    assert problem in str(error.value)
    assert not DatasetValue.objects.exists()


def test_a_file_without_the_columns_is_refused(demo_places, tmp_path):
    with pytest.raises(DatasetFileError, match="area_code and value"):
        dataset_check(_csv(tmp_path, "code,number\nE14900001,1\n"), area_kind=AreaKind.CONSTITUENCY)


def test_council_datasets_take_every_kind_of_childrens_services_authority(demo_places, tmp_path):
    path = _csv(tmp_path, "area_code,value\nE10900001,1\nE06900001,2\nW06900001,3\n")
    assert dataset_import(path, _details(area_kind=AreaKind.COUNCIL)).imported == 3


def test_the_command_dry_run_lists_problems_and_imports_nothing(demo_places, tmp_path, capsys):
    path = _csv(tmp_path, "area_code,value\nE14900001,10\nE14999999,3\n")
    args = ["--slug", "kin", "--title", "Kin", "--unit", "children", "--source", "ONS", "--licence", "OGL"]
    args += ["--date", "2023-09-26", "--area-kind", "constituency"]
    call_command("import_dataset", str(path), *args, "--dry-run")
    out = capsys.readouterr().out
    assert "line 3: no area has the code 'E14999999'" in out
    assert "1 rows would be imported" in out
    assert not Dataset.objects.exists()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_dataset", str(path), *args)
    call_command("import_dataset", str(path), *args, "--skip-unknown", "--public")
    dataset = Dataset.objects.get()
    assert dataset.visibility == Visibility.PUBLIC and dataset.rows == 1
    assert "Skipped line 3" in capsys.readouterr().out
