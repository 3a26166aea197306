"""Criteria are data: the starting set loads, re-loads in place, and a bad file loads nothing."""

import json

import pytest
from django.core.management import call_command

from kinship.scorecard.criteria import CriteriaFileError, criteria_load
from kinship.scorecard.models import AnswerOption, Criterion, Section
from kinship.scorecard.selectors import active_criteria, criterion_spec

pytestmark = pytest.mark.django_db

STARTING = {
    "policy-published",
    "information-page",
    "financial-policy",
    "non-means-tested",
    "allowance-level",
    "specialist-team",
    "training-peer-support",
    "therapeutic-support",
    "named-lead",
}


def test_the_starting_criteria_load_with_everything_an_assessor_needs():
    call_command("load_scorecard_criteria")
    assert set(Criterion.objects.values_list("slug", flat=True)) == STARTING
    for criterion in active_criteria():
        assert criterion.question and criterion.question_cy
        assert criterion.guidance and criterion.evidence_required
        assert criterion.weight >= 1
        assert criterion.section_id
        assert criterion_spec(criterion).max_points > 0
        assert all(o.label_cy for o in criterion.options.all())


def test_loading_again_updates_in_place():
    criteria_load()
    ids = dict(Criterion.objects.values_list("slug", "id"))
    criteria_load()
    assert dict(Criterion.objects.values_list("slug", "id")) == ids
    assert Section.objects.count() == 3


def test_a_criterion_left_out_of_the_file_is_retired_not_deleted(tmp_path):
    criteria_load()
    data = {
        "sections": [{"slug": "information", "title": "Information"}],
        "criteria": [
            {
                "slug": "policy-published",
                "section": "information",
                "question": "Q?",
                "guidance": "G",
                "evidence_required": "E",
                "options": [{"value": "yes", "label": "Yes", "points": 1}],
            }
        ],
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data))
    criteria_load(path)
    assert list(active_criteria().values_list("slug", flat=True)) == ["policy-published"]
    assert Criterion.objects.count() == len(STARTING)


def test_a_bad_file_loads_nothing(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"sections": [], "criteria": [{"slug": "x", "section": "nowhere"}]}))
    with pytest.raises(CriteriaFileError):
        criteria_load(path)
    assert not AnswerOption.objects.exists()
