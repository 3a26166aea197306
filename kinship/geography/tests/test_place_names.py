"""Place names fold the same whichever source wrote them."""

from __future__ import annotations

import pytest

from kinship.geography.names import council_key, fold_place_name, ward_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Montgomeryshire and Glyndwr", "Montgomeryshire and Glyndŵr"),
        ("Ynys Môn", "Ynys Mon"),
        ("Brighton Kemptown & Peacehaven", "Brighton Kemptown and Peacehaven"),
        ("St. Mary's", "St Marys"),
        ("St Mary’s", "Saint Marys"),
        ("Newcastle-upon-Tyne", "Newcastle upon Tyne"),
        ("Bury St Edmunds & Stowmarket", "Bury St. Edmunds and Stowmarket"),
    ],
)
def test_place_names_fold_alike(one, other):
    assert fold_place_name(one) == fold_place_name(other)


def test_folding_keeps_different_places_apart():
    assert fold_place_name("Montgomeryshire") != fold_place_name("Montgomeryshire and Glyndwr")
    assert fold_place_name("Stanley") != fold_place_name("St Anley")


@pytest.mark.parametrize(
    ("moderngov", "ons"),
    [
        ("Abbey Ward", "Abbey"),
        ("St. Mary's & Eastfield", "St Marys and Eastfield"),
        ("St. Mary's & Eastfield Ward", "St Marys and Eastfield"),
        ("Bishop's Cleeve Electoral Division", "Bishops Cleeve"),
        ("Llanfair-ym-Muallt", "Llanfair ym Muallt"),
        ("Pen-y-fai", "Pen y Fai"),
        ("Ashton  Ward", "Ashton"),
    ],
)
def test_ward_titles_match_ons_names(moderngov, ons):
    assert ward_key(moderngov) == ward_key(ons)


def test_a_ward_called_only_ward_is_not_emptied():
    assert ward_key("Ward") == "ward"


@pytest.mark.parametrize(
    ("official", "short"),
    [
        ("Hartlepool Borough Council", "Hartlepool"),
        ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead"),
        ("London Borough of Barking and Dagenham", "Barking & Dagenham"),
        ("Oxfordshire County Council", "Oxfordshire"),
        ("Leeds City Council", "Leeds"),
        ("Isle of Wight Council", "Isle of Wight"),
        ("City of London Corporation", "City of London"),
    ],
)
def test_council_names_match_their_short_names(official, short):
    assert council_key(official) == council_key(short)
