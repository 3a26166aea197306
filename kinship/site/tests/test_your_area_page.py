"""The "Your area" page and "Not your council?"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinship.geography.models import CouncilCorrection

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    return reverse("geography:your_area")


def test_the_empty_form_shows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Your postcode" in response.content.decode()


def test_a_two_tier_result_names_the_county_and_explains_why(client, url, demo_places):
    page = client.get(url, {"postcode": "xx1 1aa"}).content.decode()
    assert "Demoshire County Council" in page
    assert "Fictionham District Council" in page
    assert 'id="two-tier"' in page
    assert "Maple" in page
    assert "Fictionham and Sampleton" in page


def test_a_unitary_result_has_no_two_tier_explanation(client, url, demo_places):
    page = client.get(url, {"postcode": "XX2 1AA"}).content.decode()
    assert "Exampleborough Council" in page
    assert 'id="two-tier"' not in page


def test_a_welsh_result_shows_the_senedd_constituency(client, url, demo_places):
    page = client.get(url, {"postcode": "XX3 1AA"}).content.decode()
    assert "Example Vale and Hills" in page


@pytest.mark.parametrize(
    ("postcode", "words"),
    [
        ("", "Enter your postcode"),
        ("hello", "Enter a full UK postcode"),
        ("XX7 7XX", "We could not find that postcode"),
        ("XX9 9ZZ", "no longer in use"),
        ("XZ1 1AA", "Northern Ireland postcode"),
    ],
)
def test_each_bad_outcome_has_its_own_message_by_the_field_and_in_the_summary(
    client, url, demo_places, postcode, words
):
    response = client.get(url, {"postcode": postcode})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert 'class="govuk-error-message"' in page
    assert page.count(words) >= 2


def test_scotland_shows_the_constituency_and_explains_council_actions_do_not_apply(client, url, demo_places):
    page = client.get(url, {"postcode": "XY1 1AA"}).content.decode()
    assert "Demo Firth" in page
    assert "Scottish postcode" in page
    assert "govuk-error-summary" not in page


def test_an_unplaced_postcode_shows_the_council_list_straight_away(client, url, demo_places):
    page = client.get(url, {"postcode": "XX4 1AA"}).content.decode()
    assert "does not say which council" in page
    assert 'name="council"' in page
    assert 'id="not-your-council"' not in page
    assert "Exampleborough" in page


def test_every_result_offers_not_your_council(client, url, demo_places):
    page = client.get(url, {"postcode": "XX1 1AA"}).content.decode()
    assert 'id="not-your-council"' in page
    assert "Not your council?" in page


def test_choosing_another_council_is_recorded_for_staff(client, demo_places):
    response = client.post(
        reverse("geography:council_choose"), {"postcode": "xx1 1aa", "council": "E06900001"}
    )
    assert response.status_code == 302
    correction = CouncilCorrection.objects.get()
    assert correction.postcode == "XX1 1AA"
    assert correction.chosen_council.code == "E06900001"
    assert correction.suggested_council.code == "E10900001"
    page = client.get(response["Location"]).content.decode()
    assert "Exampleborough Council" in page
    assert "You chose this council." in page


def test_choosing_a_council_for_an_unplaced_postcode_records_no_suggestion(client, demo_places):
    client.post(reverse("geography:council_choose"), {"postcode": "XX4 1AA", "council": "E10900001"})
    correction = CouncilCorrection.objects.get()
    assert correction.suggested_council is None


def test_a_choice_that_is_not_a_council_is_refused(client, demo_places):
    client.post(reverse("geography:council_choose"), {"postcode": "XX1 1AA", "council": "E05900001"})
    assert not CouncilCorrection.objects.exists()


def test_the_welsh_page_uses_welsh_names(client, demo_places):
    page = client.get("/cy/your-area/", {"postcode": "XX3 1AA"}).content.decode()
    assert "Castell" in page
    assert "Bro Enghraifft" in page


def test_staff_see_corrections_in_the_admin(admin_client, demo_places):
    client_post = admin_client.post(
        reverse("geography:council_choose"), {"postcode": "XX1 1AA", "council": "E06900001"}
    )
    assert client_post.status_code == 302
    page = admin_client.get(reverse("admin:geography_councilcorrection_changelist")).content.decode()
    assert "XX1 1AA" in page


def test_staff_can_search_postcodes_in_the_admin(admin_client, demo_places):
    page = admin_client.get(reverse("admin:geography_postcode_changelist"), {"q": "xx11aa"}).content.decode()
    assert "XX1 1AA" in page and "XX1 2AB" not in page


def test_a_postcode_not_yet_listed_can_still_choose_a_council(client, url, demo_places):
    page = client.get(url, {"postcode": "XX7 7XX"}).content.decode()
    assert "We could not find that postcode" in page
    assert 'name="council"' in page


def test_a_scottish_result_also_offers_not_your_council(client, url, demo_places):
    page = client.get(url, {"postcode": "XY1 1AA"}).content.decode()
    assert 'id="not-your-council"' in page


def test_a_council_chosen_for_an_unlisted_postcode_is_shown(client, demo_places):
    response = client.post(
        reverse("geography:council_choose"), {"postcode": "XX7 7XX", "council": "E06900001"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Exampleborough Council" in page
    assert "govuk-error-summary" not in page
    assert CouncilCorrection.objects.get().suggested_council is None


@pytest.mark.parametrize("council", ["\x00", "E" * 500, "not a code"])
def test_a_council_parameter_that_is_not_a_code_is_ignored(client, url, demo_places, council):
    response = client.get(url, {"postcode": "XX1 1AA", "council": council})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Demoshire County Council" in page
    assert "You chose this council." not in page


@pytest.mark.parametrize(
    ("postcode", "words"),
    [
        ("XZ1 1AA", "Northern Ireland postcode"),
        ("XX9 9ZZ", "no longer in use"),
        ("hello", "Enter a full UK postcode"),
    ],
)
def test_no_council_can_be_chosen_where_none_could_apply(client, demo_places, postcode, words):
    response = client.post(
        reverse("geography:council_choose"), {"postcode": postcode, "council": "E06900001"}
    )
    assert response.status_code == 302
    assert not CouncilCorrection.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert words in page
    assert "Thank you" not in page


def test_a_scottish_postcode_missing_from_the_file_is_explained_before_any_council_list(
    client, url, demo_places
):
    # Issue 10, defect 6: not "we could not find that postcode" and a list of English councils.
    page = client.get(url, {"postcode": "EH1 1YZ"}).content.decode()
    assert "Scottish postcode" in page
    assert "not in our list yet, so we cannot find your MP" in page  # not "you can still write to your MP"
    assert "You can still write to your MP" not in page
    assert "could not find that postcode" not in page
    assert "govuk-error-summary" not in page
    assert 'id="not-your-council"' not in page or page.index("Scottish postcode") < page.index(
        'id="not-your-council"'
    )
    assert "You can choose your council from the list below" not in page


def test_a_northern_irish_postcode_missing_from_the_file_gets_the_northern_ireland_explanation(
    client, url, demo_places
):
    page = client.get(url, {"postcode": "BT1 1AA"}).content.decode()
    assert "Northern Ireland postcode" in page
    assert 'name="council"' not in page
