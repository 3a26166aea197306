"""County electoral divisions, where an ONS lookup gives them, are areas under their county."""

from __future__ import annotations

import pytest

from kinship.geography.importers.areas import AreaImportError, import_divisions
from kinship.geography.importers.load import load_areas
from kinship.geography.models import Area, AreaType
from kinship.geography.tests.factories import CountyFactory

pytestmark = pytest.mark.django_db

LOOKUP = (
    "WD25CD,WD25NM,CED25CD,CED25NM,CTY25CD,CTY25NM\n"
    "E05009999,Abbey,E58000101,Abbey & Bourne,E10000099,Exampleshire\n"
    "E05009998,Bourne,E58000101,Abbey & Bourne,E10000099,Exampleshire\n"
    "E05009997,Castle,E58000102,Castle,E10000099,Exampleshire\n"
)


def test_divisions_load_once_each_under_their_county(tmp_path):
    county = CountyFactory(code="E10000099", name="Exampleshire")
    path = tmp_path / "ward_ced_cty_lookup.csv"
    path.write_text(LOOKUP)

    summary = import_divisions(path)

    divisions = Area.objects.filter(type=AreaType.DIVISION).order_by("code")
    assert [(d.code, d.name, d.parent) for d in divisions] == [
        ("E58000101", "Abbey & Bourne", county),
        ("E58000102", "Castle", county),
    ]
    assert summary.created == 2


def test_load_areas_picks_up_a_division_lookup_in_the_wards_folder(tmp_path):
    CountyFactory(code="E10000099", name="Exampleshire")
    (tmp_path / "wards").mkdir()
    (tmp_path / "wards" / "ward_to_ced_to_county_2025.csv").write_text(LOOKUP)

    load_areas(tmp_path, say=lambda line: None)

    assert Area.objects.filter(type=AreaType.DIVISION).count() == 2


def test_a_file_without_division_columns_is_refused(tmp_path):
    path = tmp_path / "ced.csv"
    path.write_text("WD25CD,WD25NM\nE05009999,Abbey\n")

    with pytest.raises(AreaImportError, match="CEDyyCD"):
        import_divisions(path)
