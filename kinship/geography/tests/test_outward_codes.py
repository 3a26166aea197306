"""Issue 10, defect 6: a real postcode the postcode file lacks takes its outward code's country
where that settles it, so a Scottish or Northern Irish one gets its own explanation instead of
"not found" and a list of English and Welsh councils. One rule: `codes.country_for_outward_code`."""

from __future__ import annotations

import csv
import gzip

import pytest

from kinship.geography import codes
from kinship.geography.services import postcode_lookup
from kinship.geography.types import PostcodeOutcome


@pytest.mark.parametrize(
    ("postcode", "country"),
    [
        ("EH1 1YZ", codes.SCOTLAND),
        ("G1 1AA", codes.SCOTLAND),
        ("ZE1 0AA", codes.SCOTLAND),
        ("DG1 1AA", codes.SCOTLAND),
        ("TD1 1AA", codes.SCOTLAND),
        ("BT1 1AA", codes.NORTHERN_IRELAND),
        ("BT93 8AD", codes.NORTHERN_IRELAND),
        ("TD15 1AA", None),  # Berwick-upon-Tweed: both sides of the border
        ("DG16 5AA", None),
        ("GL1 1AA", None),  # G is Glasgow; GL is Gloucester
        ("SW1A 1AA", None),
        ("CF10 1AA", None),
    ],
)
def test_the_outward_code_settles_the_country_only_where_it_can(postcode, country):
    assert codes.country_for_outward_code(postcode) == country


def test_the_rule_agrees_with_every_gb_postcode_in_the_open_postcode_file(shared_data):
    path = shared_data / "postcodes" / "gb_postcodes_onspd_format_2023_derived.csv.gz"
    if not path.exists():
        pytest.skip(f"{path.name} not in the shared data")
    countries: dict[str, set[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = next(csv.reader([next(handle)]))
        pcds, ctry = header.index("pcds"), header.index("ctry")
        for line in handle:  # codes hold no commas: a plain split is enough, and fast
            fields = line.split(",", ctry + 1)
            outward = fields[pcds].strip('"').split(" ", 1)[0]
            countries.setdefault(outward, set()).add(fields[ctry].strip('"'))
    settled = {outward: codes.country_for_outward_code(f"{outward} 1AA") for outward in countries}
    assert sum(1 for country in settled.values() if country) > 400
    for outward, country in settled.items():
        if country is not None:
            assert countries[outward] == {country}, outward
        elif countries[outward] == {codes.SCOTLAND}:
            pytest.fail(f"{outward} is wholly Scottish but the rule does not say so")


@pytest.mark.django_db
def test_a_scottish_postcode_missing_from_the_file_is_scottish(demo_places):
    result = postcode_lookup("EH1 1YZ")
    assert result.outcome == PostcodeOutcome.SCOTLAND
    assert result.nation == "scotland"
    assert result.country is not None and result.country.code == codes.SCOTLAND
    assert result.childrens_services_authority is None and result.constituency is None


@pytest.mark.django_db
def test_a_northern_irish_postcode_missing_from_the_file_is_northern_irish(demo_places):
    assert postcode_lookup("BT1 1AA").outcome == PostcodeOutcome.NORTHERN_IRELAND


@pytest.mark.django_db
def test_a_missing_postcode_whose_outward_code_crosses_the_border_is_not_found(demo_places):
    assert postcode_lookup("TD15 1AA").outcome == PostcodeOutcome.NOT_FOUND
    assert postcode_lookup("SW1A 1AA").outcome == PostcodeOutcome.NOT_FOUND
