"""Key post titles → council roles (pure function)."""

from __future__ import annotations

import pytest

from kinship.representatives.keyposts import key_post_roles
from kinship.representatives.models import Role

LEAD = Role.LEAD_MEMBER_CHILDREN


@pytest.mark.parametrize(
    "title",
    [
        "Cabinet Member for Children's Services",
        "Lead Member for Children and Families",
        "Portfolio Holder for Children, Young People and Families",
        "Executive Member for Children’s Social Care",
        "Cabinet Member for Adults and Children's Social Care",
        "Deputy Leader and Cabinet Member for Children",
        "Cabinet Member for Social Services (Children)",
        "CABINET MEMBER FOR CHILDREN & EDUCATION",
    ],
)
def test_lead_member_for_childrens_services_titles(title):
    assert key_post_roles(title) == (LEAD,)


@pytest.mark.parametrize(
    "title",
    [
        "Deputy Cabinet Member for Children",
        "Shadow Cabinet Member for Children's Services",
        "Chair of Children and Young People Scrutiny Committee",
        "Opposition Spokesperson for Children",
        "Assistant Cabinet Member for Children and Families",
    ],
)
def test_posts_that_are_not_the_lead_member(title):
    assert LEAD not in key_post_roles(title)


@pytest.mark.parametrize(
    "title", ["Leader of the Council", "Leader", "Council Leader", "Leader of Exampleborough Council"]
)
def test_leader_titles(title):
    assert key_post_roles(title) == (Role.LEADER,)


@pytest.mark.parametrize(
    "title", ["Deputy Leader", "Leader of the Opposition", "Leader of the Labour Group", "Group Leader"]
)
def test_other_leaders_are_not_the_council_leader(title):
    assert Role.LEADER not in key_post_roles(title)


def test_elected_mayor():
    assert key_post_roles("Directly Elected Mayor") == (Role.ELECTED_MAYOR,)


@pytest.mark.parametrize("title", ["Mayor", "Lord Mayor", "Chairman of the Council", "Civic Mayor"])
def test_ceremonial_heads(title):
    assert key_post_roles(title) == (Role.CEREMONIAL_MAYOR,)


def test_deputy_mayor_is_no_role():
    assert key_post_roles("Deputy Mayor") == ()


def test_other_portfolios_are_cabinet_members():
    assert key_post_roles("Cabinet Member for Finance") == (Role.CABINET_MEMBER,)


def test_leader_who_also_holds_a_portfolio_has_both_roles():
    assert key_post_roles("Leader of the Council and Cabinet Member for Finance") == (
        Role.LEADER,
        Role.CABINET_MEMBER,
    )
