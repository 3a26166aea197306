"""Scoring: pure functions, no database. Explained for everyone in docs/SCORING.md.

A criterion scores the points of the chosen answer out of its best answer's points, times its
weight. A section's score and the overall score are the weighted share of the points available,
as a percentage. An answer that "does not apply" (no points) leaves the criterion out of both
sides of the sum; a missing answer counts as nothing found (zero) and is reported, and an
assessment with missing answers cannot be published. The rating puts the overall percentage
into plain words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CriterionSpec:
    slug: str
    section: str
    weight: int
    max_points: int


class Missing(Enum):
    """No answer given yet."""

    MISSING = "missing"


class NotApplicable(Enum):
    """An answer that does not apply to this council: left out of the score."""

    NOT_APPLICABLE = "not_applicable"


MISSING = Missing.MISSING
NOT_APPLICABLE = NotApplicable.NOT_APPLICABLE
AnswerPoints = int | Missing | NotApplicable


@dataclass(frozen=True)
class Score:
    earned: Decimal  # weighted points earned
    available: Decimal  # weighted points available

    @property
    def percent(self) -> Decimal | None:
        """0–100 to one decimal place, or None when nothing counted."""
        if not self.available:
            return None
        return (self.earned * 100 / self.available).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Result:
    overall: Score
    sections: dict[str, Score]
    missing: list[str] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not self.missing


def criterion_score(spec: CriterionSpec, points: AnswerPoints) -> Score:
    """One criterion's weighted score. Points above the best answer's are an error in the data."""
    if isinstance(points, NotApplicable) or spec.max_points <= 0 or spec.weight <= 0:
        return Score(Decimal(0), Decimal(0))
    earned = 0 if isinstance(points, Missing) else points
    if earned < 0 or earned > spec.max_points:
        raise ValueError(f"{spec.slug}: {earned} points is outside 0–{spec.max_points}")
    weight = Decimal(spec.weight)
    return Score(weight * earned / spec.max_points, weight)


def _add(a: Score, b: Score) -> Score:
    return Score(a.earned + b.earned, a.available + b.available)


def assessment_score(specs: Iterable[CriterionSpec], answers: Mapping[str, AnswerPoints]) -> Result:
    """Section and overall scores for one assessment; `answers` maps criterion slug to points."""
    zero = Score(Decimal(0), Decimal(0))
    overall = zero
    sections: dict[str, Score] = {}
    missing: list[str] = []
    for spec in specs:
        points = answers.get(spec.slug, MISSING)
        if isinstance(points, Missing):
            missing.append(spec.slug)
        score = criterion_score(spec, points)
        sections[spec.section] = _add(sections.get(spec.section, zero), score)
        overall = _add(overall, score)
    return Result(overall=overall, sections=sections, missing=missing)


# (lowest percentage, rating key, words). Checked from the top.
RATINGS = [
    (Decimal(80), "clear_and_supportive", _("Clear and supportive")),
    (Decimal(60), "mostly_supportive", _("Mostly supportive")),
    (Decimal(40), "patchy", _("Patchy")),
    (Decimal(20), "hard_to_find", _("Hard to find and limited")),
    (Decimal(0), "difficult_and_unhelpful", _("Difficult and unhelpful")),
]
RATING_WORDS = {key: words for _low, key, words in RATINGS}


def rating_for(percent: Decimal | None) -> str | None:
    """The rating key for an overall percentage (None when nothing was scored)."""
    if percent is None:
        return None
    for low, key, _words in RATINGS:
        if percent >= low:
            return key
    return RATINGS[-1][1]


def rating_words(key: str | None) -> str:
    return str(RATING_WORDS[key]) if key in RATING_WORDS else ""


def gaps(specs: Iterable[CriterionSpec], answers: Mapping[str, AnswerPoints]) -> list[str]:
    """Criteria scoring under half their points: the gaps a letter to the council names."""
    found = []
    for spec in specs:
        points = answers.get(spec.slug, MISSING)
        if isinstance(points, NotApplicable) or spec.max_points <= 0:
            continue
        earned = 0 if isinstance(points, Missing) else points
        if earned * 2 < spec.max_points:
            found.append(spec.slug)
    return found
