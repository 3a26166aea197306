"""Reads: criteria as scoring specs, an assessment's result, published scorecards and the
`ratings_by_council()` other apps (maps, area pages) use. Only published assessments are public."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, QuerySet, Sum

from kinship.geography.models import CHILDRENS_SERVICES_TYPES, Area, AreaType
from kinship.scorecard import allowances, scoring
from kinship.scorecard.models import (
    AllowanceRate,
    AllowanceRegion,
    AllowanceReport,
    Answer,
    AnswerOption,
    Assessment,
    AssessmentStatus,
    CouncilAllowanceRegion,
    Criterion,
)


def active_criteria() -> QuerySet[Criterion]:
    return Criterion.objects.filter(is_active=True).select_related("section").prefetch_related("options")


def criterion_spec(criterion: Criterion) -> scoring.CriterionSpec:
    points = [o.points for o in criterion.options.all() if o.points is not None]
    return scoring.CriterionSpec(
        slug=criterion.slug,
        section=criterion.section.slug,
        weight=criterion.weight,
        max_points=max(points, default=0),
    )


def answer_points(answer: Answer) -> scoring.AnswerPoints:
    if answer.option is None:
        return scoring.MISSING
    if answer.option.points is None:
        return scoring.NOT_APPLICABLE
    return answer.option.points


@dataclass
class CriterionRow:
    criterion: Criterion
    answer: Answer | None
    score: scoring.Score
    is_gap: bool


@dataclass
class SectionRow:
    slug: str
    title: str
    title_cy: str
    score: scoring.Score
    criteria: list[CriterionRow] = field(default_factory=list)


@dataclass
class Scorecard:
    assessment: Assessment
    result: scoring.Result
    rating: str | None
    sections: list[SectionRow]

    @property
    def rating_words(self) -> str:
        return scoring.rating_words(self.rating)

    @property
    def percent(self) -> Decimal | None:
        return self.result.overall.percent

    @property
    def gaps(self) -> list[Criterion]:
        return [row.criterion for section in self.sections for row in section.criteria if row.is_gap]

    @property
    def checked_on(self) -> date | None:
        return self.assessment.checked_on


def assessment_scorecard(
    assessment: Assessment,
    *,
    criteria: list[Criterion] | None = None,
    answer_rows: list[Answer] | None = None,
) -> Scorecard:
    """The scored scorecard of one assessment (any status), section by section. Callers scoring
    many assessments pass the criteria and answers they fetched in one go."""
    if criteria is None:
        criteria = list(active_criteria())
    if answer_rows is None:
        answer_rows = list(
            assessment.answers.select_related("option", "reply").filter(criterion__in=criteria)
        )
    answers = {a.criterion_id: a for a in answer_rows}
    specs = [criterion_spec(c) for c in criteria]
    points = {c.slug: answer_points(answers[c.pk]) if c.pk in answers else scoring.MISSING for c in criteria}
    result = scoring.assessment_score(specs, points)
    gap_slugs = set(scoring.gaps(specs, points))
    sections: dict[str, SectionRow] = {}
    for criterion, spec in zip(criteria, specs, strict=True):
        section = criterion.section
        row = sections.get(section.slug)
        if row is None:
            row = sections[section.slug] = SectionRow(
                slug=section.slug,
                title=section.title,
                title_cy=section.title_cy,
                score=result.sections[section.slug],
            )
        row.criteria.append(
            CriterionRow(
                criterion=criterion,
                answer=answers.get(criterion.pk),
                score=scoring.criterion_score(spec, points[criterion.slug]),
                is_gap=criterion.slug in gap_slugs,
            )
        )
    return Scorecard(
        assessment=assessment,
        result=result,
        rating=scoring.rating_for(result.overall.percent),
        sections=list(sections.values()),
    )


def published_assessments() -> QuerySet[Assessment]:
    return Assessment.objects.filter(status=AssessmentStatus.PUBLISHED, superseded=False).select_related(
        "council"
    )


def published_assessment_for(*, council_code: str) -> Assessment | None:
    return published_assessments().filter(council__code=council_code).order_by("-published_at").first()


@dataclass(frozen=True)
class CouncilRating:
    council_code: str
    percent: Decimal | None
    rating: str | None
    checked_on: date | None

    @property
    def rating_words(self) -> str:
        """In the language of the page asking (ratings are kept per process, words are not)."""
        return scoring.rating_words(self.rating)


def _ratings_stamp() -> tuple[object, ...]:
    """What the ratings depend on, in three aggregate queries: published assessments and the
    criteria's weights and points. Answers do not change once published."""
    published = published_assessments().aggregate(n=Count("id"), latest=Max("updated_at"), ids=Sum("id"))
    criteria = Criterion.objects.filter(is_active=True).aggregate(n=Count("id"), weights=Sum("weight"))
    options = AnswerOption.objects.aggregate(n=Count("id"), points=Sum("points"))
    return (*published.values(), *criteria.values(), *options.values())


class _RatingsMemo:
    """The last ratings computed in this process and the stamp they were computed at: pages
    that list every council pay for three small queries, not for re-scoring 175 councils."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[object, ...] | None = None
        self._value: dict[str, CouncilRating] = {}

    def get(self) -> dict[str, CouncilRating]:
        stamp = _ratings_stamp()
        with self._lock:
            if stamp == self._stamp:
                return dict(self._value)
        value = _ratings_compute()
        with self._lock:
            self._stamp, self._value = stamp, value
        return dict(value)


def _ratings_compute() -> dict[str, CouncilRating]:
    criteria = list(active_criteria())
    specs = [criterion_spec(c) for c in criteria]
    slugs = {c.pk: c.slug for c in criteria}
    assessments = list(published_assessments().order_by("published_at"))
    points: dict[int, dict[str, scoring.AnswerPoints]] = {a.pk: {} for a in assessments}
    rows = Answer.objects.filter(assessment__in=assessments, criterion__in=criteria).values_list(
        "assessment_id", "criterion_id", "option_id", "option__points"
    )
    for assessment_id, criterion_id, option_id, option_points in rows:
        points[assessment_id][slugs[criterion_id]] = (
            scoring.MISSING
            if option_id is None
            else scoring.NOT_APPLICABLE
            if option_points is None
            else option_points
        )
    ratings = {}
    for assessment in assessments:
        percent = scoring.assessment_score(specs, points[assessment.pk]).overall.percent
        rating = scoring.rating_for(percent)
        ratings[assessment.council.code] = CouncilRating(
            council_code=assessment.council.code,
            percent=percent,
            rating=rating,
            checked_on=assessment.checked_on,
        )
    return ratings


_ratings_memo = _RatingsMemo()


def ratings_by_council() -> dict[str, CouncilRating]:
    """Every council with a published scorecard → its overall score and rating, by GSS code.
    Councils not yet assessed are absent. For other apps (maps, area pages)."""
    return _ratings_memo.get()


def published_scorecards() -> list[Scorecard]:
    """Every published scorecard, by council name, in four queries (for the CSV)."""
    criteria = list(active_criteria())
    assessments = list(published_assessments().order_by("council__name"))
    by_assessment: dict[int, list[Answer]] = {a.pk: [] for a in assessments}
    for answer in Answer.objects.filter(assessment__in=assessments).select_related("option", "reply"):
        by_assessment[answer.assessment_id].append(answer)
    return [assessment_scorecard(a, criteria=criteria, answer_rows=by_assessment[a.pk]) for a in assessments]


# ---------------------------------------------------------------- the allowance gap calculator


def council_allowance_region(council: Area) -> str:
    """Which national minimum allowance region a council's carers are in."""
    recorded = CouncilAllowanceRegion.objects.filter(council=council).values_list("region", flat=True).first()
    return allowances.region_for_council(
        council_code=council.code, council_type=council.type, recorded=recorded
    )


def allowance_rate_on(*, age: int, region: str, on: date) -> AllowanceRate | None:
    """The rate in force on a date for a child of this age in this region, if one is loaded."""
    return AllowanceRate.objects.filter(
        region=region, age_min__lte=age, age_max__gte=age, valid_from__lte=on, valid_to__gte=on
    ).first()


def allowance_rate_latest(*, age: int, region: str) -> AllowanceRate | None:
    """The most recent rate loaded for this age and region (when none is loaded for today)."""
    return (
        AllowanceRate.objects.filter(region=region, age_min__lte=age, age_max__gte=age)
        .order_by("-valid_from")
        .first()
    )


def allowance_median(*, council: Area) -> tuple[Decimal | None, int]:
    """The median weekly amount carers say this council pays, once at least 5 have answered; and how many."""
    amounts = list(AllowanceReport.objects.filter(council=council).values_list("weekly_gbp", flat=True))
    return allowances.median_if_enough(amounts), len(amounts)


# ---------------------------------------------------------------- the national table and similar councils


@dataclass(frozen=True)
class TableRow:
    council: Area
    region: str
    rating: CouncilRating | None
    # Words worked out once per table, not once per row (175 rows).
    type_label: str = ""
    region_label: str = ""
    rating_words: str = ""

    @property
    def percent(self) -> Decimal | None:
        return self.rating.percent if self.rating else None

    @property
    def score_text(self) -> str:
        return f"{self.percent:.0f}%" if self.percent is not None else "–"


SORTS = ("score", "-score", "name", "-name")


def council_regions() -> dict[int, str]:
    """Every council with a recorded allowance region, by Area id."""
    return dict(CouncilAllowanceRegion.objects.values_list("council_id", "region"))


def national_table(*, sort: str = "-score", council_type: str = "", region: str = "") -> list[TableRow]:
    """Every children's-services authority (published or not yet assessed), filtered and sorted.
    Councils not yet assessed sort after every scored council."""
    ratings = ratings_by_council()
    recorded = council_regions()
    councils = Area.objects.filter(type__in=CHILDRENS_SERVICES_TYPES).order_by("name")
    if council_type:
        councils = councils.filter(type=council_type)
    type_labels = {t.value: str(t.label) for t in AreaType}
    region_labels = {r.value: str(r.label) for r in AllowanceRegion}
    words = {key: str(text) for key, text in scoring.RATING_WORDS.items()}
    rows = []
    for c in councils:
        council_region = allowances.region_for_council(
            council_code=c.code, council_type=c.type, recorded=recorded.get(c.pk)
        )
        rating = ratings.get(c.code)
        rows.append(
            TableRow(
                council=c,
                region=council_region,
                rating=rating,
                type_label=type_labels.get(c.type, c.type),
                region_label=region_labels[council_region],
                rating_words=words.get(rating.rating or "", "") if rating else "",
            )
        )
    if region:
        rows = [r for r in rows if r.region == region]
    if sort in ("score", "-score"):
        scored = sorted((r for r in rows if r.percent is not None), key=lambda r: (r.percent, r.council.name))
        if sort == "-score":
            scored = sorted(scored, key=lambda r: (-(r.percent or 0), r.council.name))
        return scored + [r for r in rows if r.percent is None]
    return rows if sort != "-name" else list(reversed(rows))


def similar_councils(council: Area, *, limit: int = 4) -> list[TableRow]:
    """Published councils of the same kind, nearest in score first."""
    rows = national_table(council_type=council.type)
    own = next((r.percent for r in rows if r.council.pk == council.pk), None)
    target = own if own is not None else Decimal(50)
    table = [r for r in rows if r.rating and r.council.pk != council.pk]
    return sorted(table, key=lambda r: (abs((r.percent or 0) - target), r.council.name))[:limit]


def _criterion_json(row: CriterionRow) -> dict[str, object]:
    answer = row.answer
    reply = getattr(answer, "reply", None) if answer else None
    return {
        "slug": row.criterion.slug,
        "question": row.criterion.question,
        "weight": row.criterion.weight,
        "answer": {"value": answer.option.value, "label": answer.option.label}
        if answer and answer.option
        else None,
        "score": {"earned": str(row.score.earned.normalize()), "available": str(row.score.available)},
        "evidence": {
            "url": answer.evidence_url,
            "location": answer.evidence_location,
            "quote": answer.evidence_quote,
            "seen_on": answer.evidence_seen_on.isoformat() if answer.evidence_seen_on else None,
        }
        if answer
        else None,
        "council_response": {
            "agrees": reply.agrees,
            "comment": reply.comment,
            "evidence_url": reply.evidence_url,
        }
        if reply
        else None,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def scorecard_to_json(council: Area, *, checked_on: date | None = None) -> dict[str, object]:
    """The API's representation of a council's scorecard (openapi.json, CouncilScorecard)."""
    body: dict[str, object] = {
        "council": {
            "code": council.code,
            "name": council.name,
            "name_cy": council.name_cy,
            "type": council.type,
        },
        "state": "not_assessed",
    }
    assessment = published_assessment_for(council_code=council.code)
    if assessment is None:
        return body
    card = assessment_scorecard(assessment)
    body.update(
        {
            "state": "published",
            "rating": {"key": card.rating, "words": str(card.rating_words)},
            "score_percent": str(card.percent) if card.percent is not None else None,
            "published_on": assessment.published_at.date().isoformat() if assessment.published_at else None,
            "checked_on": _iso(checked_on or assessment.checked_on),
            "council_comment": assessment.council_comment,
            "sections": [
                {
                    "slug": section.slug,
                    "title": section.title,
                    "score_percent": str(section.score.percent)
                    if section.score.percent is not None
                    else None,
                    "criteria": [_criterion_json(row) for row in section.criteria],
                }
                for section in card.sections
            ],
        }
    )
    return body
