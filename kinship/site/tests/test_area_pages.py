"""Maps and area pages: drawn on the server (works without JavaScript), the same figures in a
table, a postcode box that jumps to your area, CSV and JSON downloads, and the areas API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from kinship.campaigns.demo.content import load_demo_campaigns
from kinship.representatives.demo import load_demo_people
from kinship.site.api import openapi_document
from kinship.stats.loaders import load_demo_stats
from kinship.stats.models import Dataset, DatasetValue, LiveFigure, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def maps_demo(demo_places):
    load_demo_people()
    load_demo_campaigns()
    load_demo_stats()


def test_the_map_page_draws_every_area_as_svg_links_with_the_same_figures_in_a_table(client, maps_demo):
    response = client.get(reverse("areas:maps"))
    assert response.status_code == 200
    html = response.content.decode()
    # The demo dataset is the default layer, and says it is invented.
    assert "Children in kinship care (fictional demo figures)" in html
    assert "invented for the demo" in html
    assert html.count('class="kc-map__area"') == 3
    assert 'aria-label="Fictionham and Sampleton: 410"' in html
    assert f'href="{reverse("areas:detail", kwargs={"code": "E14900001"})}"' in html
    table = html[html.index('id="map-table"') :]
    assert "Fictionham and Sampleton" in table and "410" in table


def test_choosing_councils_and_a_live_layer(client, maps_demo):
    response = client.get(reverse("areas:maps"), {"area": "council", "layer": "live:actions"})
    html = response.content.decode()
    assert "Actions taken" in html
    # Demoshire is drawn as both of its districts' hexes, as one link.
    demoshire = html[html.index('data-name="Demoshire"') :]
    assert demoshire[: demoshire.index("</a>")].count("<polygon") == 2


def test_an_unknown_layer_or_area_type_falls_back_instead_of_failing(client, maps_demo):
    response = client.get(reverse("areas:maps"), {"area": "planet", "layer": "data:<script>"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[0].replace(
        '<script type="module"', ""
    )


def test_staff_only_datasets_are_not_public(client, maps_demo):
    Dataset.objects.update(visibility=Visibility.STAFF)
    html = client.get(reverse("areas:maps")).content.decode()
    assert "fictional demo figures" not in html
    assert (
        "fictional demo figures"
        not in client.get(reverse("areas:detail", kwargs={"code": "E14900001"})).content.decode()
    )


def test_the_postcode_box_jumps_to_the_area_page(client, maps_demo):
    response = client.get(reverse("areas:maps"), {"postcode": " xx11aa "})
    assert response.status_code == 302
    assert response["Location"] == reverse("areas:detail", kwargs={"code": "E14900001"})
    response = client.get(reverse("areas:maps"), {"postcode": "XX1 1AA", "area": "council"})
    assert response["Location"] == reverse("areas:detail", kwargs={"code": "E10900001"})


def test_a_bad_postcode_gets_a_kind_message_on_the_map_page(client, maps_demo):
    response = client.get(reverse("areas:maps"), {"postcode": "not a postcode"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_geographic_map_is_only_loaded_when_asked_for(client, maps_demo):
    from kinship.geography.models import Area
    from kinship.stats.models import AreaKind, BoundaryShape

    BoundaryShape.objects.create(
        kind=AreaKind.CONSTITUENCY, area=Area.objects.get(code="E14900001"), path="M1 1L2 2L3 1Z"
    )
    assert "M1 1L2 2L3 1Z" not in client.get(reverse("areas:maps")).content.decode()
    html = client.get(reverse("areas:maps"), {"view": "geographic"}).content.decode()
    assert '<path d="M1 1L2 2L3 1Z"' in html


def test_a_constituency_page_names_its_mp_councils_figures_and_downloads(client, maps_demo):
    html = client.get(reverse("areas:detail", kwargs={"code": "e14900001"})).content.decode()
    assert "Fictionham and Sampleton" in html
    assert "Councils in this constituency" in html and "Demoshire" in html and "100%" in html
    assert "410" in html and "Invented for the demo" in html
    assert reverse("areas:csv", kwargs={"code": "E14900001"}) in html
    assert "Actions you can take" in html


def test_a_council_page_names_its_people_and_constituencies(client, maps_demo):
    html = client.get(reverse("areas:detail", kwargs={"code": "E10900001"})).content.decode()
    assert "Constituencies in this council" in html
    assert "Fictionham and Sampleton" in html
    assert "Who decides on support for kinship families here" in html


def test_areas_that_are_not_on_the_maps_are_not_found(client, maps_demo):
    assert client.get(reverse("areas:detail", kwargs={"code": "E05900001"})).status_code == 404  # a ward
    assert client.get(reverse("areas:detail", kwargs={"code": "E14999999"})).status_code == 404


def test_the_csv_download_matches_the_page_and_neutralises_formulas(client, maps_demo):
    dataset = Dataset.objects.get()
    dataset.source = '=HYPERLINK("http://evil")'
    dataset.save()
    response = client.get(reverse("areas:csv", kwargs={"code": "E14900001"}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    dataset_rows = [r for r in rows if r["section"] == "dataset"]
    assert dataset_rows[0]["value"] == "410.0"
    assert dataset_rows[0]["source"].startswith("'=")
    assert {r["item"] for r in rows if r["section"] == "overlap"} == {"Demoshire (E10900001)"}


def test_the_areas_api_answers_with_people_datasets_live_figures_and_overlaps(client, maps_demo):
    LiveFigure.objects.filter(layer="actions").delete()
    response = client.get("/api/v1/areas/E10900001")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "E10900001" and body["type"] == "council" and body["area_type"] == "county"
    assert body["overlaps_of"] == "constituencies"
    assert [o["code"] for o in body["overlaps"]] == ["E14900001"]
    assert body["overlaps"][0]["share"] == 1.0
    assert {item["layer"] for item in body["live"]} >= {"live:supporters", "live:actions", "live:replies"}
    assert all(item["value"] is None or item["value"] >= 5 or item["value"] == 0 for item in body["live"])
    assert body["people"] and all("role" in p for p in body["people"])
    constituency = client.get("/api/v1/areas/E14900001").json()
    assert constituency["datasets"][0]["value"] == 410 and constituency["datasets"][0]["demo"] is True


def test_the_areas_api_hides_staff_only_figures_and_answers_json_404s(client, maps_demo):
    Dataset.objects.update(visibility=Visibility.STAFF)
    assert client.get("/api/v1/areas/E14900001").json()["datasets"] == []
    missing = client.get("/api/v1/areas/E14999999")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "area_not_found"
    assert client.get("/api/v1/areas/not-a-code").status_code == 404


def test_the_areas_api_is_in_the_openapi_document():
    doc = openapi_document()
    assert "/areas/{gss}" in doc["paths"]
    assert "AreaSummary" in doc["components"]["schemas"]


def test_small_live_numbers_never_reach_the_api_or_the_page(client, maps_demo):
    from kinship.geography.models import Area

    area = Area.objects.get(code="E14900002")
    LiveFigure.objects.update_or_create(
        layer="actions", area=area, defaults={"value": 3, "computed_at": "2026-01-01T00:00:00Z"}
    )
    body = client.get("/api/v1/areas/E14900002").json()
    actions = next(item for item in body["live"] if item["layer"] == "live:actions")
    assert actions == actions | {"value": None, "suppressed": True, "text": "fewer than 5"}
    html = client.get(reverse("areas:maps"), {"layer": "live:actions"}).content.decode()
    assert 'aria-label="Exampleborough Central: fewer than 5"' in html
    assert json.dumps(body).count('"value": 3') == 0


def test_welsh_area_pages(client, maps_demo):
    response = client.get("/cy" + reverse("areas:detail", kwargs={"code": "W07900001"}))
    assert response.status_code == 200
    assert DatasetValue.objects.filter(area__code="W07900001").exists()


def test_a_council_page_shows_its_scorecard_and_the_map_can_colour_councils_by_it(client, maps_demo):
    from kinship.scorecard.demo import load_demo_scorecard
    from kinship.stats.services import live_figures_refresh

    load_demo_scorecard()
    live_figures_refresh()
    html = client.get(reverse("areas:detail", kwargs={"code": "E10900001"})).content.decode()
    assert "How this council supports kinship carers" in html
    assert "% on our scorecard" in html
    assert reverse("scorecard:council", kwargs={"code": "E10900001"}) in html
    page = client.get(reverse("areas:maps"), {"area": "council", "layer": "live:scorecard"}).content.decode()
    assert "Council scorecard" in page
    assert 'data-name="Demoshire" data-value="no figure"' not in page
    constituencies = client.get(reverse("areas:maps"), {"area": "constituency", "layer": "live:scorecard"})
    assert "Council scorecard" not in constituencies.content.decode().split('id="layer-title"')[1][:80]


def test_the_home_and_campaign_pages_lead_to_the_maps_with_a_postcode_box(client, maps_demo):
    for path in (reverse("campaigns:home"), reverse("campaigns:detail", kwargs={"slug": "value-our-love"})):
        html = client.get(path).content.decode()
        assert 'id="in-your-area"' in html, path
        assert f'action="{reverse("areas:maps")}"' in html, path


def test_a_scottish_postcode_the_file_lacks_is_explained_on_the_map_page(client, maps_demo):
    from kinship.geography.messages import OUTCOME_MESSAGES
    from kinship.geography.types import PostcodeOutcome

    html = client.get(reverse("areas:maps"), {"postcode": "EH1 1YZ"}).content.decode()
    assert str(OUTCOME_MESSAGES[PostcodeOutcome.SCOTLAND]).split(".")[0].replace("'", "&#x27;") in html


def test_an_area_page_shows_where_the_area_is_on_a_small_map(client, maps_demo):
    html = client.get(reverse("areas:detail", kwargs={"code": "E14900001"})).content.decode()
    locator = html[
        html.index('class="kc-locator__svg"') : html.index("</svg>", html.index('class="kc-locator__svg"'))
    ]
    assert locator.count('fill="#54278f"') == 1  # this constituency
    assert locator.count('fill="#dcdcdc"') == 2  # the others
    assert "The dark shape shows where Fictionham and Sampleton is." in html


@pytest.mark.parametrize(
    ("code", "most"),
    [
        ("E14900001", 6),  # constituency: area, live figures, when updated, datasets, overlaps, actions
        ("E10900001", 7),  # council: the same and its published scorecard
    ],
)
def test_an_uncached_area_page_costs_a_fixed_handful_of_queries(
    client, maps_demo, code, most, django_assert_max_num_queries
):
    """No query per dataset, person, overlap or hex: the hex map is kept per process until the
    stats source changes, a dataset's values come with their datasets in one query."""
    url = reverse("areas:detail", kwargs={"code": code})
    client.get(url)  # the per-process parts every area page shares (hexes, people, actions)
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200


def test_new_hexes_show_on_the_next_area_page(client, maps_demo, django_capture_on_commit_callbacks):
    from kinship.stats.loaders import load_demo_stats as reload
    from kinship.stats.models import HexCell

    url = reverse("areas:detail", kwargs={"code": "E14900001"})
    before = client.get(url).content.decode().count("<polygon")
    assert before
    with django_capture_on_commit_callbacks(execute=True):
        HexCell.objects.filter(kind="constituency").delete()
    assert client.get(url).content.decode().count("<polygon") == 0
    reload()  # bulk_create, no signals: the loader says the stats changed
    assert client.get(url).content.decode().count("<polygon") == before
