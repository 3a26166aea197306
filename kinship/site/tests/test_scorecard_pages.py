"""The public scorecard pages that combine apps: a council's page with its people, the postcode
checker, "ask your council to fix this" (through messaging), the national table, the CSV and the API."""

import csv
import io

import pytest

from kinship.campaigns.demo.content import load_demo_campaigns
from kinship.geography.importers.areas import import_childrens_services_authorities, import_countries
from kinship.geography.models import Area, AreaType
from kinship.representatives.demo import load_demo_people
from kinship.scorecard.demo import load_demo_scorecard
from kinship.scorecard.models import Answer, Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_places):
    load_demo_people()
    load_demo_campaigns()
    load_demo_scorecard()


def test_a_council_page_shows_rating_evidence_dates_response_and_people(client, demo):
    page = client.get("/scorecard/councils/E10900001/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Demoshire County Council" in text and 'id="rating"' in text and "Hard to find and limited" in text
    assert "https://demoshire.example.org/children/kinship/" in text
    assert "Evidence checked on" in text and "seen on" in text
    assert "The council's response:" in text and "Our decision:" in text
    assert "Lead member for children" in text
    assert "Ask your council to fix this" in text
    assert 'id="similar"' not in text or "Demoshire" in text


def test_a_council_not_yet_assessed_says_so(client, demo):
    Area.objects.create(code="E10000030", name="Surrey", type=AreaType.COUNTY)
    text = client.get("/scorecard/councils/E10000030/").content.decode()
    assert 'id="not-assessed"' in text and "Not yet assessed" in text
    assert "Ask your council to fix this" not in text


def test_a_council_in_progress_is_not_shown(client, demo):
    Assessment.objects.filter(council__code="E10900001").update(status="deciding")
    text = client.get("/scorecard/councils/E10900001/").content.decode()
    assert "Not yet assessed" in text and "Hard to find" not in text


@pytest.mark.parametrize("code", ["E07900001", "NOPE", "E14900001"])
def test_only_childrens_services_authorities_have_pages(client, demo, code):
    assert client.get(f"/scorecard/councils/{code}/").status_code == 404


def test_the_welsh_council_page(client, demo):
    page = client.get("/cy/scorecard/councils/W06900001/")
    assert page.status_code == 200 and "Anodd a di-fudd" in page.content.decode()


# ---------------------------------------------------------------- the postcode checker


def test_the_checker_explains_why_it_is_the_county(client, demo):
    text = client.get("/scorecard/check/", {"postcode": "XX1 2AB"}).content.decode()
    assert (
        'id="two-tier"' in text and "Sampleton Borough Council" in text and "Demoshire County Council" in text
    )
    assert "/scorecard/councils/E10900001/" in text


def test_the_checker_in_a_unitary_area_has_no_two_tier_note(client, demo):
    text = client.get("/scorecard/check/", {"postcode": "XX2 1AA"}).content.decode()
    assert "Exampleborough" in text and 'id="two-tier"' not in text


def test_the_checker_says_kindly_when_the_postcode_is_wrong(client, demo):
    page = client.get("/scorecard/check/", {"postcode": "nonsense"})
    assert page.status_code == 400 and "There is a problem" in page.content.decode()


# ---------------------------------------------------------------- ask your council to fix this


def test_ask_drafts_a_letter_to_the_lead_member_naming_the_gaps(client, demo):
    page = client.get("/scorecard/councils/E10900001/ask/", {"postcode": "XX1 1AA"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Lead member for children" in text
    assert "set up a specialist kinship team" in text  # a gap, named in the letter
    assert "pay at least the national minimum fostering allowance for every age band" in text
    assert 'action="/actions/ask-your-council-to-fix-kinship-support/write/"' in text


def test_the_drafted_letter_goes_through_messaging_to_preview(client, demo):
    page = client.get("/scorecard/councils/E10900001/ask/", {"postcode": "XX1 1AA"})
    form = page.context["compose"]
    data = {
        "postcode": "XX1 1AA",
        "targets": form.initial["targets"],
        "first_name": "Sam",
        "last_name": "Carer",
        "email": "sam@example.org",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": form.initial["subject"],
        "body": form.initial["body"],
        "preview": "1",
    }
    preview = client.post("/actions/ask-your-council-to-fix-kinship-support/write/", data)
    assert preview.status_code == 200
    assert "set up a specialist kinship team" in preview.content.decode()


def test_ask_from_another_councils_area_points_there(client, demo):
    text = client.get("/scorecard/councils/E10900001/ask/", {"postcode": "XX2 1AA"}).content.decode()
    assert 'id="other-council"' in text and "/scorecard/councils/E06900001/" in text


def test_ask_needs_a_published_scorecard(client, demo):
    Area.objects.create(code="E10000030", name="Surrey", type=AreaType.COUNTY)
    assert client.get("/scorecard/councils/E10000030/ask/").status_code == 404


# ---------------------------------------------------------------- the national table and CSV


def test_the_table_lists_every_council_sorted_by_score(client, demo):
    Area.objects.create(code="E10000030", name="Surrey", type=AreaType.COUNTY)
    page = client.get("/scorecard/")
    rows = [r.council.name for r in page.context["rows"]]
    assert rows == ["Exampleborough", "Demoshire", "Example Vale", "Surrey"]
    text = page.content.decode()
    assert "Not yet assessed" in text and "Rest of England" in text and "County council" in text
    rows = [r.council.name for r in client.get("/scorecard/", {"sort": "score"}).context["rows"]]
    assert rows[0] == "Example Vale" and rows[-1] == "Surrey"


def test_the_table_filters_by_type_and_region(client, demo):
    assert [r.council.name for r in client.get("/scorecard/", {"type": "county"}).context["rows"]] == [
        "Demoshire"
    ]
    assert [r.council.name for r in client.get("/scorecard/", {"region": "wales"}).context["rows"]] == [
        "Example Vale"
    ]
    assert [r.council.name for r in client.get("/scorecard/", {"region": "south_east"}).context["rows"]] == [
        "Exampleborough"
    ]
    # Nonsense filters are ignored, not errors.
    assert client.get("/scorecard/", {"type": "<x>", "sort": "drop table"}).status_code == 200


def test_the_csv_has_every_published_result_and_is_formula_safe(client, demo):
    Answer.objects.filter(assessment__council__code="E10900001").update(evidence_url='=HYPERLINK("http://x")')
    response = client.get("/scorecard/kinship-council-scorecard.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["council_code"] for r in rows} == {"E10900001", "E06900001", "W06900001"}
    assert len(rows) == 27  # 3 councils × 9 criteria
    demoshire = [r for r in rows if r["council_code"] == "E10900001"]
    assert all(r["evidence_url"].startswith("'=") for r in demoshire)
    assert demoshire[0]["rating"] == "Hard to find and limited"


# ---------------------------------------------------------------- the API


def test_api_for_a_published_council(client, demo):
    body = client.get("/api/v1/councils/E06900001/scorecard").json()
    assert body["state"] == "published"
    assert body["rating"]["key"] == "clear_and_supportive"
    assert body["council"]["name"] == "Exampleborough"
    criterion = body["sections"][0]["criteria"][0]
    assert criterion["evidence"]["url"].startswith("https://exampleborough.example.org/")
    assert criterion["evidence"]["seen_on"]
    assert body["checked_on"]


def test_api_404_for_something_that_is_not_a_council(client, demo):
    response = client.get("/api/v1/councils/E07900001/scorecard")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_every_one_of_the_175_authorities_answers(client, shared_data):
    import_countries()
    import_childrens_services_authorities(
        shared_data / "local-authorities" / "childrens_services_authorities_england_wales.csv"
    )
    codes = list(
        Area.objects.filter(
            type__in=[
                t
                for t in AreaType
                if t.value
                in {
                    "county",
                    "unitary",
                    "metropolitan",
                    "london_borough",
                    "city_of_london",
                    "welsh_principal",
                }
            ]
        ).values_list("code", flat=True)
    )
    assert len(codes) == 175
    for code in codes:
        response = client.get(f"/api/v1/councils/{code}/scorecard")
        assert response.status_code == 200, code
        assert response.json()["state"] == "not_assessed"


def test_the_openapi_document_describes_the_scorecard_api(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/councils/{code}/scorecard" in doc["paths"]
    assert "CouncilScorecard" in doc["components"]["schemas"]


def test_ratings_kept_per_process_still_show_in_the_pages_language(client, demo):
    client.get("/scorecard/")  # English first, so the ratings are computed and kept
    text = client.get("/cy/scorecard/").content.decode()
    assert "Clir a chefnogol" in text and "Clear and supportive" not in text
    assert "De-ddwyrain Lloegr" in text and "Awdurdod unedol" in text  # region and type, in Welsh


def test_sending_the_drafted_letter_queues_a_message_to_the_lead_member(client, demo):
    from kinship.messaging.models import Message

    page = client.get("/scorecard/councils/E10900001/ask/", {"postcode": "XX1 1AA"})
    form = page.context["compose"]
    data = {
        "postcode": "XX1 1AA",
        "targets": form.initial["targets"],
        "first_name": "Sam",
        "last_name": "Carer",
        "email": "sam@example.org",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": form.initial["subject"],
        "body": form.initial["body"],
        "send": "1",
    }
    response = client.post("/actions/ask-your-council-to-fix-kinship-support/write/", data)
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.recipient_role == "lead_member_children"
    assert message.recipient_area_code == "E10900001"
    assert "set up a specialist kinship team" in message.body
    assert message.status == "awaiting_confirmation"  # nothing goes until the carer confirms


def test_the_letter_is_drafted_in_welsh_on_the_welsh_page(client, demo):
    text = client.get("/cy/scorecard/councils/W06900001/ask/", {"postcode": "XX3 1AA"}).content.decode()
    assert "A wnaiff y cyngor, os gwelwch yn dda:" in text
    assert "sefydlu tîm arbenigol ar gyfer gofal gan berthnasau" in text


def test_your_area_links_to_the_councils_scorecard(client, demo):
    text = client.get("/your-area/", {"postcode": "XX1 2AB"}).content.decode()
    assert 'data-testid="council-scorecard"' in text and "/scorecard/councils/E10900001/" in text
