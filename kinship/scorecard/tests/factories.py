"""Scorecard test helpers: people in the scorecard's groups, councils, criteria, a complete assessment."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kinship.geography.models import Area, AreaType
from kinship.scorecard.criteria import criteria_load
from kinship.scorecard.models import Assessment
from kinship.scorecard.permissions import ASSESSORS, MANAGERS, ensure_scorecard_groups
from kinship.scorecard.selectors import active_criteria
from kinship.scorecard.services import AnswerInput, answer_save

SEEN = date(2025, 5, 1)


def person(username: str, *groups: str, staff: bool = True):
    ensure_scorecard_groups()
    user = get_user_model().objects.create_user(
        username=username, password="x-long-password-1", is_staff=staff
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


def assessor(name: str = "ann"):
    return person(name, ASSESSORS)


def manager(name: str = "meg"):
    return person(name, MANAGERS)


def council(code: str = "E06900001", name: str = "Exampleborough", type_: str = AreaType.UNITARY) -> Area:
    return Area.objects.get_or_create(code=code, defaults={"name": name, "type": type_, "is_demo": True})[0]


def best_answer(criterion, *, url: str = "https://council.example.org/kinship") -> AnswerInput:
    option = max(criterion.options.all(), key=lambda o: o.points or 0)
    return AnswerInput(
        option_value=option.value,
        evidence_url=url,
        evidence_location="Section 2",
        evidence_quote="We pay every kinship carer an allowance.",
        evidence_seen_on=SEEN,
    )


def worst_answer(criterion) -> AnswerInput:
    option = min(criterion.options.all(), key=lambda o: o.points if o.points is not None else 99)
    return AnswerInput(
        option_value=option.value, evidence_seen_on=SEEN, evidence_url="https://council.example.org/"
    )


def answered(
    assessment: Assessment, *, worst: tuple[str, ...] = (), url: str = "https://council.example.org/kinship"
):
    """Answer every active criterion (best answers, except the slugs in `worst`)."""
    for criterion in active_criteria():
        data = worst_answer(criterion) if criterion.slug in worst else best_answer(criterion, url=url)
        answer_save(assessment=assessment, criterion=criterion, data=data, by=assessment.assessor)
    return assessment


def load_criteria() -> None:
    criteria_load()
