"""The allowance gap calculator: each band, each region, the 6 April boundary, the importer,
the page, anonymous answers and the median, and the API."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kinship.geography.models import Area, AreaType
from kinship.scorecard.allowances import (
    allowance_gap,
    median_if_enough,
    parse_age_band,
    region_for_council,
    tax_year_for,
)
from kinship.scorecard.importers import AllowanceFileError, allowance_rates_import
from kinship.scorecard.models import AllowanceRate, AllowanceReport, CouncilAllowanceRegion
from kinship.scorecard.selectors import allowance_rate_on

HEADER = "tax_year,valid_from,valid_to,age_band,london_gbp_per_week,south_east_gbp_per_week,rest_of_england_gbp_per_week,source\n"
# The England file's figures (2024-25 and 2025-26), typed here so tests run without shared data.
ENGLAND = HEADER + "".join(
    f"{year},{start},{end},{band},{ld},{se},{re},GOV.UK\n"
    for year, start, end, rows in [
        (
            "2024-25",
            "2024-04-06",
            "2025-04-05",
            [
                ("0 to 2", 191, 183, 165),
                ("3 to 4", 195, 189, 170),
                ("5 to 10", 217, 208, 187),
                ("11 to 15", 248, 238, 213),
                ("16 to 17", 289, 278, 249),
            ],
        ),
        (
            "2025-26",
            "2025-04-06",
            "2026-04-05",
            [
                ("0 to 2", 198, 189, 170),
                ("3 to 4", 201, 196, 176),
                ("5 to 10", 225, 216, 194),
                ("11 to 15", 257, 247, 220),
                ("16 to 17", 299, 288, 258),
            ],
        ),
    ]
    for band, ld, se, re in rows
)


@pytest.fixture
def rates(db, tmp_path):
    path = tmp_path / "fostering_nma_england.csv"
    path.write_text(ENGLAND)
    allowance_rates_import(path)
    return path


# ---------------------------------------------------------------- pure rules


def test_age_bands_are_read_from_the_published_words():
    assert parse_age_band("0 to 2") == (0, 2)
    assert parse_age_band("16 to 17") == (16, 17)


@pytest.mark.parametrize(
    ("on", "year"),
    [
        (date(2025, 4, 5), "2024-25"),
        (date(2025, 4, 6), "2025-26"),
        (date(2026, 1, 1), "2025-26"),
        (date(2026, 4, 6), "2026-27"),
    ],
)
def test_the_year_changes_on_6_april(on, year):
    assert tax_year_for(on) == year


def test_region_rules():
    assert (
        region_for_council(council_code="E09000001", council_type="city_of_london", recorded=None) == "london"
    )
    assert (
        region_for_council(council_code="E09000033", council_type="london_borough", recorded="south_east")
        == "london"
    )
    assert (
        region_for_council(council_code="W06000015", council_type="welsh_principal", recorded=None) == "wales"
    )
    assert (
        region_for_council(council_code="E10000030", council_type="county", recorded="south_east")
        == "south_east"
    )
    assert (
        region_for_council(council_code="E10000007", council_type="county", recorded=None)
        == "rest_of_england"
    )


def test_gap_weekly_and_yearly():
    gap = allowance_gap(minimum_weekly=Decimal("194"), received_weekly=Decimal("150.50"))
    assert gap.weekly == Decimal("43.50")
    assert gap.yearly == Decimal("2262.00")
    assert gap.is_short
    assert not allowance_gap(minimum_weekly=Decimal("194"), received_weekly=Decimal("200")).is_short


def test_median_only_from_five_answers():
    assert median_if_enough([Decimal(100)] * 4) is None
    assert median_if_enough([Decimal(x) for x in (100, 120, 150, 160, 300)]) == Decimal("150.00")


# ---------------------------------------------------------------- rates in the database


@pytest.mark.parametrize(
    ("age", "region", "weekly"),
    [
        (0, "rest_of_england", "170"),
        (2, "rest_of_england", "170"),
        (3, "rest_of_england", "176"),
        (4, "south_east", "196"),
        (5, "london", "225"),
        (10, "rest_of_england", "194"),
        (11, "south_east", "247"),
        (15, "london", "257"),
        (16, "rest_of_england", "258"),
        (17, "london", "299"),
    ],
)
def test_each_band_and_region_in_2025_26(rates, age, region, weekly):
    rate = allowance_rate_on(age=age, region=region, on=date(2025, 6, 1))
    assert rate.weekly_gbp == Decimal(weekly)
    assert rate.year == "2025-26"


def test_5_april_is_the_old_rate_and_6_april_the_new(rates):
    assert allowance_rate_on(age=7, region="rest_of_england", on=date(2025, 4, 5)).weekly_gbp == 187
    assert allowance_rate_on(age=7, region="rest_of_england", on=date(2025, 4, 6)).weekly_gbp == 194
    assert allowance_rate_on(age=7, region="rest_of_england", on=date(2026, 4, 6)) is None
    assert allowance_rate_on(age=7, region="wales", on=date(2025, 6, 1)) is None


def test_importing_again_updates_in_place(rates):
    allowance_rates_import(rates)
    assert AllowanceRate.objects.count() == 30


def test_a_wales_file_loads_beside_england(rates, tmp_path):
    path = tmp_path / "fostering_nma_wales.csv"
    path.write_text(
        "tax_year,valid_from,valid_to,age_band,wales_gbp_per_week,source\n"
        "2025-26,2025-04-06,2026-04-05,5 to 10,200,Welsh Government\n"
    )
    allowance_rates_import(path)
    assert allowance_rate_on(age=6, region="wales", on=date(2025, 5, 1)).weekly_gbp == 200


def test_a_bad_row_loads_nothing_and_says_which_line(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "2025-26,2025-04-06,2026-04-05,0 to 2,198,189,170,x\n2025-26,2025-04-06,2026-04-05,3 to 4,abc,1,1,x\n"
    )
    with pytest.raises(AllowanceFileError, match="line 3"):
        allowance_rates_import(path)
    assert not AllowanceRate.objects.exists()


def test_the_command_refuses_a_bad_file_kindly(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("nothing,useful\n")
    with pytest.raises(CommandError, match="needs columns"):
        call_command("import_fostering_allowances", str(path))


def test_the_shared_england_file_loads(db, shared_data):
    call_command("import_fostering_allowances", str(shared_data / "allowances" / "fostering_nma_england.csv"))
    rate = allowance_rate_on(age=12, region="south_east", on=date(2024, 10, 1))
    assert (rate.weekly_gbp, rate.year) == (238, "2024-25")
    assert "GOV.UK" in rate.source


# ---------------------------------------------------------------- the page


@pytest.fixture
def places(demo_places):
    return {a.code: a for a in Area.objects.filter(type__in=[AreaType.COUNTY, AreaType.UNITARY])}


@pytest.fixture
def in_2025(settings, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 6, 1))


def test_the_page_shows_the_minimum_the_gap_the_year_and_the_source(client, rates, places, in_2025):
    page = client.get("/allowance-calculator/", {"council": "E10900001", "age": "7", "received": "150"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "£194.00 a week" in text
    assert "2025-26" in text and "Rest of England" in text and "GOV.UK" in text
    assert "£44.00 a week less than the minimum: £2288.00 a year" in text


def test_a_postcode_in_a_two_tier_area_finds_the_county(client, rates, places, in_2025):
    CouncilAllowanceRegion.objects.create(council=places["E10900001"], region="south_east")
    page = client.get("/allowance-calculator/", {"postcode": "XX1 2AB", "age": "12"})
    text = page.content.decode()
    assert "Demoshire" in text and 'id="two-tier"' in text
    assert "£247.00 a week" in text and "South East" in text


def test_when_this_years_rates_are_not_loaded_the_latest_are_shown_and_said(
    client, rates, places, monkeypatch
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 30))
    text = client.get("/allowance-calculator/", {"council": "E06900001", "age": "1"}).content.decode()
    assert "The rates for 2026-27 are not loaded yet, so these are the 2025-26 rates." in text
    assert "£170.00 a week" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"age": "7"}, "Choose your council, or enter your postcode"),
        ({"council": "E10900001", "age": "18"}, "aged 17 and under"),
        ({"council": "E10900001", "age": "seven"}, "Enter the child&#x27;s age as a number"),
        ({"council": "E10900001", "age": "7", "received": "lots"}, "Enter an amount in pounds"),
        ({"postcode": "not a postcode", "age": "7"}, "postcode"),
    ],
)
def test_bad_input_gets_a_kind_message(client, rates, places, query, message):
    page = client.get("/allowance-calculator/", query)
    assert page.status_code == 400
    assert message in page.content.decode()


def test_the_welsh_page_works(client, rates, places, in_2025):
    page = client.get("/cy/allowance-calculator/", {"council": "W06900001", "age": "7"})
    assert page.status_code == 200
    assert 'lang="cy"' in page.content.decode()


# ---------------------------------------------------------------- anonymous answers


def _answer(client, amount="150", consent=True, council="E10900001"):
    data = {"council": council, "age": "7", "received": amount}
    if consent:
        data["consent"] = "on"
    return client.post("/allowance-calculator/answer/", data)


def test_an_answer_needs_consent(client, rates, places):
    _answer(client, consent=False)
    assert not AllowanceReport.objects.exists()


def test_an_answer_keeps_only_council_band_and_amount(client, rates, places):
    response = _answer(client)
    assert response.status_code == 302
    report = AllowanceReport.objects.get()
    assert (report.council.code, report.age_band, report.weekly_gbp) == ("E10900001", "5 to 10", 150)


def test_the_median_shows_only_from_five_answers(client, rates, places, in_2025, settings):
    settings.KINSHIP_RATE_ALLOWANCE_ANSWER = "100/3600"
    for amount in ("100", "120", "150", "160"):
        _answer(client, amount)
    page = client.get("/allowance-calculator/", {"council": "E10900001", "age": "7"}).content.decode()
    assert "once at least 5 carers have answered" in page
    _answer(client, "300")
    page = client.get("/allowance-calculator/", {"council": "E10900001", "age": "7"}).content.decode()
    assert "The middle answer from 5 carers is £150.00 a week" in page


def test_answers_are_rate_limited(client, rates, places, settings):
    settings.KINSHIP_RATE_ALLOWANCE_ANSWER = "2/3600"
    for _ in range(4):
        _answer(client)
    assert AllowanceReport.objects.count() == 2


# ---------------------------------------------------------------- the API


def test_api_gives_the_rate_in_force(client, rates):
    body = client.get(
        "/api/v1/allowances/minimum", {"age": 7, "region": "london", "date": "2025-04-06"}
    ).json()
    assert body == {
        "weekly_gbp": "225.00",
        "age_band": "5 to 10",
        "year": "2025-26",
        "region": "london",
        "source": "GOV.UK",
        "valid_from": "2025-04-06",
        "valid_to": "2026-04-05",
    }
    body = client.get(
        "/api/v1/allowances/minimum", {"age": 7, "region": "london", "date": "2025-04-05"}
    ).json()
    assert body["year"] == "2024-25"


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"age": 7, "region": "wales", "date": "2025-06-01"}, 404, "no_rate"),
        ({"age": 7, "region": "london", "date": "2030-01-01"}, 404, "no_rate"),
        ({"age": 18, "region": "london"}, 400, "invalid_age"),
        ({"age": "x", "region": "london"}, 400, "invalid_age"),
        ({"age": 7, "region": "mars"}, 400, "invalid_region"),
        ({"age": 7, "region": "london", "date": "5 April"}, 400, "invalid_date"),
    ],
)
def test_api_says_clearly_when_there_is_no_answer(client, rates, query, status, code):
    response = client.get("/api/v1/allowances/minimum", query)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_the_openapi_document_describes_the_allowance_api(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/allowances/minimum" in doc["paths"]
    assert "AllowanceMinimum" in doc["components"]["schemas"]
