"""The one rule for checking staff's merge fields (`merge.template_problems`): each reason a
template would not merge as meant, in plain words, and nothing for a template that is fine."""

from __future__ import annotations

import pytest

from kinship.messaging.merge import MERGE_FIELDS, template_problems, template_warnings


def test_a_template_using_only_known_fields_has_no_problems():
    text = "Dear {{ recipient_name }},\n\nI live in {{council}} and {{ constituency }}.\n{{ sender_name }}"

    assert template_problems(text) == []


def test_plain_text_and_an_empty_template_have_no_problems():
    assert template_problems("") == []
    assert template_problems("Please support kinship families.") == []


def test_every_merge_field_is_accepted():
    assert template_problems(" ".join("{{ " + name + " }}" for name in MERGE_FIELDS)) == []


def test_a_misspelt_field_is_refused_with_the_nearest_field():
    assert template_problems("Dear {{ recipent_name }},") == [
        "{{ recipent_name }} is not a merge field — did you mean {{ recipient_name }}?"
    ]


def test_a_field_in_capitals_or_with_spaces_suggests_the_field_it_means():
    assert template_problems("{{ Council }}") == [
        "{{ Council }} is not a merge field — did you mean {{ council }}?"
    ]
    assert template_problems("{{ sender name }}") == [
        "{{ sender name }} is not a merge field — did you mean {{ sender_name }}?"
    ]


def test_an_unknown_field_with_no_near_match_lists_the_fields():
    (problem,) = template_problems("{{ postcode_of_the_moon }}")

    assert problem.startswith("{{ postcode_of_the_moon }} is not a merge field. The merge fields are ")
    assert "{{ recipient_name }}" in problem


def test_empty_braces_are_refused():
    assert template_problems("Dear {{ }},") == [
        "{{ }} is empty: write a merge field's name between the braces, or remove it."
    ]


@pytest.mark.parametrize(
    "text", ["Dear {{ recipient_name", "Dear {{ recipient_name,\n}}", "{{ council {{ sender_name }}"]
)
def test_unclosed_braces_are_refused(text):
    problems = template_problems(text)

    assert any("is not closed: write }} after the merge field's name." in p for p in problems), problems


def test_a_closing_pair_with_no_opening_is_refused():
    assert template_problems("Dear recipient_name }},") == [
        "A }} has no {{ before it: open the merge field with {{, or remove the }}."
    ]


def test_a_known_field_in_single_braces_is_refused():
    assert template_problems("Dear { recipient_name },") == [
        "{ recipient_name } has single braces: write {{ recipient_name }} for a merge field."
    ]


def test_each_problem_is_given_once():
    assert len(template_problems("{{ counsil }} and {{ counsil }}")) == 1


def test_postcode_fields_come_with_a_warning_and_other_fields_do_not():
    assert template_warnings("{{ recipient_name }}", fixed_target=True) == []
    (warning,) = template_warnings("I live in {{ council }}.", fixed_target=True)

    assert warning.startswith("{{ council }} is the writer's own council, found from their postcode.")
    assert "left out" in warning
