"""The full-size ONSPD-format file: import it, then route postcodes read from the file itself."""

from __future__ import annotations

import csv
import gzip
import io
import random

import pytest
from django.core.management import call_command

from kinship.geography.models import Postcode
from kinship.geography.services import postcode_lookup
from kinship.geography.types import PostcodeOutcome

FULL = "postcodes/gb_postcodes_onspd_format_2023_derived.csv.gz"
# District or council code → the council that must run children's services there.
EXPECTED = {
    "E07000177": "E10000025",  # Cherwell → Oxfordshire County Council
    "E07000240": "E10000015",  # St Albans → Hertfordshire County Council
    "E07000008": "E10000003",  # Cambridge → Cambridgeshire County Council
    "E08000035": "E08000035",  # Leeds (metropolitan)
    "E09000033": "E09000033",  # Westminster (London borough)
    "E09000001": "E09000001",  # City of London
    "E06000053": "E06000053",  # Isles of Scilly (unitary)
    "W06000015": "W06000015",  # Cardiff
}


def _sample_from_file(path, seed: int = 7):
    """A few live postcodes per district of interest, plus a random sample and the unplaced."""
    per_district: dict[str, list[str]] = {code: [] for code in EXPECTED}
    sample: list[dict[str, str]] = []
    unplaced_england: list[str] = []
    scotland: list[str] = []
    rng = random.Random(seed)
    with gzip.open(path, "rt", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            lad = row["oslaua"]
            if lad in per_district and len(per_district[lad]) < 3:
                per_district[lad].append(row["pcds"])
            if not lad and row["ctry"] == "E92000001" and len(unplaced_england) < 3:
                unplaced_england.append(row["pcds"])
            if row["ctry"] == "S92000003" and len(scotland) < 3:
                scotland.append(row["pcds"])
            if rng.random() < 0.0015:
                sample.append(row)
            if n > 2_000_000:
                break
    return per_district, sample, unplaced_england, scotland


@pytest.mark.slow
@pytest.mark.django_db
def test_the_full_file_imports_and_routes_like_ons_says(shared_data):
    out = io.StringIO()
    call_command("load_open_data", str(shared_data), "--force-postcodes", stdout=out)
    assert Postcode.objects.count() == 1_734_274
    per_district, sample, unplaced, scotland = _sample_from_file(shared_data / FULL)

    for district, postcodes in per_district.items():
        assert postcodes, district
        for postcode in postcodes:
            result = postcode_lookup(postcode.lower().replace(" ", ""))
            assert result.outcome == PostcodeOutcome.LIVE, postcode
            assert result.childrens_services_authority.code == EXPECTED[district], postcode

    cardiff = postcode_lookup(per_district["W06000015"][0])
    assert cardiff.senedd_constituency is not None
    assert cardiff.senedd_constituency.code.startswith("W09")

    # In general: the county when ONSPD names a real one, else the council itself.
    assert len(sample) > 1000
    for row in sample:
        result = postcode_lookup(row["pcds"])
        if row["ctry"] == "S92000003":
            assert result.outcome == PostcodeOutcome.SCOTLAND
            continue
        if not row["oslaua"]:
            assert result.outcome == PostcodeOutcome.UNPLACED
            continue
        expected = row["oscty"] if row["oscty"].startswith("E10") else row["oslaua"]
        assert result.outcome == PostcodeOutcome.LIVE, row["pcds"]
        assert result.childrens_services_authority.code == expected, row["pcds"]
        assert result.constituency.code == row["pcon"]
        assert result.ward.code == row["osward"] or row["osward"] == "E05012751"

    for postcode in unplaced:
        assert postcode_lookup(postcode).outcome == PostcodeOutcome.UNPLACED
    for postcode in scotland:
        assert postcode_lookup(postcode).outcome == PostcodeOutcome.SCOTLAND

    _overlaps_agree_with_the_published_table(shared_data)


def _overlaps_agree_with_the_published_table(shared_data):
    """Overlaps derived from the same file (load_open_data derives them): every constituency in
    England and Wales touches a council, its shares add up to one, and every overlap that the
    published table (parl25_lad23_overlap.csv) puts at 10% or more of a constituency's people
    is there; the derived table may hold more (small slices the published one rounds away)."""
    from collections import defaultdict

    from kinship.geography.models import Area, AreaType
    from kinship.stats.models import AreaOverlap

    shares: dict[str, float] = defaultdict(float)
    pairs = set()
    for constituency, council, share in AreaOverlap.objects.values_list(
        "constituency__code", "council__code", "share_of_constituency"
    ):
        shares[constituency] += share
        pairs.add((constituency, council))
    england_wales = set(
        Area.objects.filter(type=AreaType.CONSTITUENCY, code__regex=r"^[EW]").values_list("code", flat=True)
    )
    assert england_wales and england_wales <= set(shares)
    assert all(abs(total - 1) < 1e-6 for total in shares.values())
    councils = set(Area.objects.values_list("code", flat=True))
    published = set()
    with (shared_data / "constituencies" / "parl25_lad23_overlap.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            council = row["upper_tier_gss_code"]
            if (
                row["PCON24CD"] in england_wales
                and council in councils
                and float(row["percentage_overlap_pop"]) >= 0.1
            ):
                published.add((row["PCON24CD"], council))
    assert len(published) > 650
    missing = published - pairs
    assert not missing, sorted(missing)[:10]
