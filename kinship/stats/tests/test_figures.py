"""Overlaps derived from postcodes, live figures with small numbers suppressed, and the colour scale."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kinship.campaigns.tests.factories import ActionFactory
from kinship.geography.models import Area, Postcode
from kinship.messaging.models import Submission, SubmissionStatus
from kinship.stats.loaders import load_demo_stats
from kinship.stats.mapdraw import PALETTE, SUPPRESSED_FILL, scale_for
from kinship.stats.models import AreaKind, AreaOverlap, LiveFigure
from kinship.stats.selectors import Figure, Layer, area_figures, area_overlaps, count_figure, layer_get
from kinship.stats.services import live_figures_refresh, overlaps_derive
from kinship.supporters.models import SignupStatus
from kinship.supporters.tests.factories import SignupFactory

pytestmark = pytest.mark.django_db


def test_overlaps_come_from_live_postcodes_both_ways_including_a_small_slice(demo_places):
    # A constituency mostly in Exampleborough with one postcode in Demoshire: a published table
    # rounding to whole percentages might drop that slice; the derived overlap keeps it.
    for n in range(30):
        Postcode.objects.create(
            postcode=f"XX2 9{n:02d}", country="E92000001", district="E06900001", constituency="E14900002"
        )
    overlaps_derive()
    exampleborough_central = Area.objects.get(code="E14900002")
    shares = {o.code: o for o in area_overlaps(exampleborough_central)}
    assert set(shares) == {"E06900001"}  # XX4 1AA has no council: it is not counted
    assert shares["E06900001"].postcodes == 32
    Postcode.objects.create(
        postcode="XX2 8ZZ",
        country="E92000001",
        county="E10900001",
        district="E07900001",
        constituency="E14900002",
    )
    overlaps_derive()
    shares = {o.code: o for o in area_overlaps(exampleborough_central)}
    assert shares["E10900001"].postcodes == 1
    assert shares["E10900001"].share == pytest.approx(1 / 33)
    demoshire = Area.objects.get(code="E10900001")
    by_constituency = {o.code: o.share for o in area_overlaps(demoshire)}
    assert by_constituency["E14900001"] == pytest.approx(4 / 5)  # terminated XX9 9ZZ not counted
    assert by_constituency["E14900002"] == pytest.approx(1 / 5)
    assert AreaOverlap.objects.filter(constituency__code="E14900001").count() == 1


def _confirmed_submissions(count: int, constituency: str, council: str) -> None:
    action = ActionFactory()
    for _ in range(count):
        Submission.objects.create(
            action=action,
            status=SubmissionStatus.CONFIRMED,
            first_name="A",
            last_name="B",
            email="a@example.org",
            email_canonical="a@example.org",
            constituency_code=constituency,
            council_code=council,
            confirmed_at=timezone.now(),
        )


def test_live_figures_count_actions_and_supporters_and_hide_small_numbers(demo_places):
    _confirmed_submissions(7, "E14900001", "E10900001")
    _confirmed_submissions(2, "E14900002", "E06900001")
    for n in range(3):
        SignupFactory(
            status=SignupStatus.CONFIRMED, supporter__postcode="XX1 1AA", supporter__email=f"s{n}@example.org"
        )
    SignupFactory(
        status=SignupStatus.PENDING, supporter__postcode="XX1 1AA", supporter__email="p@example.org"
    )
    live_figures_refresh()
    values = dict(LiveFigure.objects.filter(layer="actions").values_list("area__code", "value"))
    assert values["E14900001"] == 7 and values["E10900001"] == 7 and values["E14900002"] == 2
    assert dict(LiveFigure.objects.filter(layer="supporters").values_list("area__code", "value")) == {
        "E14900001": 3,
        "E10900001": 3,
    }
    layer = layer_get("live:actions", AreaKind.CONSTITUENCY)
    assert layer is not None
    assert layer.values["E14900001"].value == 7
    small = layer.values["E14900002"]
    assert small.suppressed and small.value is None and small.text == "fewer than 5"
    assert small.as_json() == {"value": None, "suppressed": True, "text": "fewer than 5"}
    live, _datasets = area_figures(Area.objects.get(code="E10900001"))
    assert {item.layer.slug: item.figure.text for item in live}["live:supporters"] == "fewer than 5"


def test_zero_is_shown_as_zero_and_five_as_five():
    assert count_figure(0).text == "0" and not count_figure(0).suppressed
    assert count_figure(5).text == "5"
    assert count_figure(4).suppressed


def test_the_scale_uses_the_palette_in_order_and_keeps_suppressed_and_missing_apart():
    layer = Layer(slug="x", title="x", unit="", source="")
    layer.values = {f"A{n}": Figure(value=float(n)) for n in range(1, 11)} | {
        "S": Figure(None, suppressed=True)
    }
    scale = scale_for(layer)
    fills = [band.fill for band in scale.bands]
    assert fills[:5] == list(PALETTE)
    assert scale.band_for(layer.values["A1"]).fill == PALETTE[0]
    assert scale.band_for(layer.values["A10"]).fill == PALETTE[-1]
    assert scale.band_for(layer.values["S"]).fill == SUPPRESSED_FILL
    assert scale.band_for(None).label == "no figure"
    # Every area falls in exactly one labelled band, in increasing order.
    highs = [band.high for band in scale.bands[:5]]
    assert highs == sorted(highs)


def test_a_layer_with_one_value_has_one_band():
    layer = Layer(slug="x", title="x", unit="", source="", values={"A": Figure(value=3.0)})
    scale = scale_for(layer)
    assert [band.label for band in scale.bands] == ["3", "fewer than 5", "no figure"]


def test_the_demo_dataset_says_it_is_fictional_and_staff_only_datasets_stay_hidden(demo_places):
    load_demo_stats()
    layer = layer_get("data:demo-children-in-kinship-care", AreaKind.CONSTITUENCY)
    assert layer is not None and layer.is_demo and "fictional" in layer.title
    from kinship.stats.models import Dataset, Visibility

    Dataset.objects.update(visibility=Visibility.STAFF)
    assert layer_get("data:demo-children-in-kinship-care", AreaKind.CONSTITUENCY) is None
    assert layer_get("data:demo-children-in-kinship-care", AreaKind.CONSTITUENCY, staff=True) is not None


def test_the_local_campaigning_layer_shows_each_councils_status_in_words(demo_places):
    import datetime as dt

    from kinship.localcampaigns.models import CouncilStatus, EntryKind, Journey, JourneyEntry

    journey = Journey.objects.create(email="carer@example.org", council_code="E10900001")
    for kind in (EntryKind.CONTACTED, EntryKind.MEETING):
        JourneyEntry.objects.create(
            journey=journey, council_code="E10900001", kind=kind, happened_on=dt.date(2026, 11, 1)
        )
    live_figures_refresh()
    layer = layer_get("live:journey", AreaKind.COUNCIL)
    assert layer is not None
    assert layer.values["E10900001"].text == str(CouncilStatus.MEETING_HELD.label)
    assert layer.values["E06900001"].text == str(CouncilStatus.NOT_STARTED.label)
    scale = scale_for(layer)
    assert [band.label for band in scale.bands][:5] == [str(s.label) for s in CouncilStatus]
    assert scale.band_for(layer.values["E10900001"]).label == str(CouncilStatus.MEETING_HELD.label)
    assert layer_get("live:journey", AreaKind.CONSTITUENCY) is None


def test_petition_signatures_by_area_are_a_layer_with_small_numbers_hidden(demo_places):
    from kinship.petitions.models import AreaCount, AreaType, Petition
    from kinship.petitions.tests.factories import PetitionFactory

    petition = PetitionFactory()
    AreaCount.objects.create(
        petition=petition, area_type=AreaType.CONSTITUENCY, code="E14900001", name="A", count=12
    )
    AreaCount.objects.create(
        petition=petition, area_type=AreaType.CONSTITUENCY, code="E14900002", name="B", count=2
    )
    AreaCount.objects.create(
        petition=petition, area_type=AreaType.COUNCIL, code="E10900001", name="C", count=12
    )
    assert Petition.objects.count() == 1
    live_figures_refresh()
    layer = layer_get("live:signatures", AreaKind.CONSTITUENCY)
    assert layer is not None
    assert layer.values["E14900001"].value == 12
    assert layer.values["E14900002"].suppressed
    council = layer_get("live:signatures", AreaKind.COUNCIL)
    assert council is not None and council.values["E10900001"].value == 12


def test_approved_champions_are_a_layer_by_council_and_constituency(demo_places):
    from kinship.supporters.models import Champion, ChampionStatus

    for n in range(6):
        Champion.objects.create(
            name=f"C{n}",
            email=f"c{n}@example.org",
            postcode="XX1 1AA",
            council_code="E10900001",
            council_name="Demoshire",
            status=ChampionStatus.APPROVED if n < 5 else ChampionStatus.PENDING,
        )
    live_figures_refresh()
    council = layer_get("live:champions", AreaKind.COUNCIL)
    constituency = layer_get("live:champions", AreaKind.CONSTITUENCY)
    assert council is not None and council.values["E10900001"].value == 5
    assert constituency is not None and constituency.values["E14900001"].value == 5
