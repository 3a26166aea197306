"""The scoring rules (kinship.scorecard.scoring), directly: weights, missing answers, answers
that do not apply, sections, ratings and gaps."""

from decimal import Decimal

import pytest

from kinship.scorecard.scoring import (
    MISSING,
    NOT_APPLICABLE,
    CriterionSpec,
    assessment_score,
    criterion_score,
    gaps,
    rating_for,
    rating_words,
)

POLICY = CriterionSpec(slug="policy", section="information", weight=2, max_points=2)
PAGE = CriterionSpec(slug="page", section="information", weight=1, max_points=2)
MONEY = CriterionSpec(slug="money", section="money", weight=3, max_points=1)
SPECS = [POLICY, PAGE, MONEY]


def test_full_marks_score_one_hundred_percent():
    result = assessment_score(SPECS, {"policy": 2, "page": 2, "money": 1})
    assert result.overall.percent == Decimal("100.0")
    assert result.is_complete


def test_weight_multiplies_a_criterion():
    # money (weight 3) full, the rest nothing: 3 of 6 weighted points.
    result = assessment_score(SPECS, {"policy": 0, "page": 0, "money": 1})
    assert result.overall.percent == Decimal("50.0")


def test_partial_points_are_a_share_of_the_best_answer():
    assert criterion_score(POLICY, 1).earned == Decimal(1)  # half of weight 2
    assert criterion_score(POLICY, 1).available == Decimal(2)


def test_a_missing_answer_counts_as_nothing_found_and_is_reported():
    result = assessment_score(SPECS, {"policy": 2, "money": 1})
    assert result.missing == ["page"]
    assert not result.is_complete
    assert result.overall.percent == Decimal("83.3")  # 5 of 6


def test_an_answer_that_does_not_apply_is_left_out_of_both_sides():
    result = assessment_score(SPECS, {"policy": 2, "page": NOT_APPLICABLE, "money": 1})
    assert result.overall.percent == Decimal("100.0")
    assert result.is_complete


def test_sections_are_scored_separately():
    result = assessment_score(SPECS, {"policy": 2, "page": 0, "money": 0})
    assert result.sections["information"].percent == Decimal("66.7")
    assert result.sections["money"].percent == Decimal("0.0")


def test_nothing_counted_has_no_percentage_and_no_rating():
    result = assessment_score([PAGE], {"page": NOT_APPLICABLE})
    assert result.overall.percent is None
    assert rating_for(None) is None


def test_points_outside_the_answers_are_refused():
    with pytest.raises(ValueError):
        criterion_score(POLICY, 3)


def test_missing_is_zero_in_a_criterion():
    assert criterion_score(POLICY, MISSING).earned == 0


@pytest.mark.parametrize(
    ("percent", "key"),
    [
        (Decimal("100"), "clear_and_supportive"),
        (Decimal("80"), "clear_and_supportive"),
        (Decimal("79.9"), "mostly_supportive"),
        (Decimal("60"), "mostly_supportive"),
        (Decimal("40"), "patchy"),
        (Decimal("20"), "hard_to_find"),
        (Decimal("19.9"), "difficult_and_unhelpful"),
        (Decimal("0"), "difficult_and_unhelpful"),
    ],
)
def test_rating_bands(percent, key):
    assert rating_for(percent) == key


def test_ratings_are_plain_words():
    assert rating_words("clear_and_supportive") == "Clear and supportive"
    assert rating_words("difficult_and_unhelpful") == "Difficult and unhelpful"


def test_gaps_are_criteria_under_half_marks_including_missing():
    assert gaps(SPECS, {"policy": 1, "page": 0, "money": NOT_APPLICABLE}) == ["page"]
    assert gaps(SPECS, {"policy": 2, "page": 2}) == ["money"]
