"""Key post titles → council roles (pure function), as councils really write them.

One table: every title, and the roles it must (and must only) give. Titles are in the forms
ModernGov sites publish them: curly and straight apostrophes, "&", brackets, dashes, capitals,
Welsh titles; the decoys are deputy, assistant, shadow, support and opposition posts, scrutiny
and panel chairs, group leaders and spokespeople."""

from __future__ import annotations

import pytest

from kinship.representatives.keyposts import key_post_roles, lead_member_rank
from kinship.representatives.models import Role

LEAD = Role.LEAD_MEMBER_CHILDREN
CAB = Role.CABINET_MEMBER
LEADER = Role.LEADER
EMAYOR = Role.ELECTED_MAYOR
MAYOR = Role.CEREMONIAL_MAYOR
NONE: tuple[Role, ...] = ()

TITLES: list[tuple[str, tuple[Role, ...]]] = [
    # The lead member for children's services, in its many spellings.
    ("Cabinet Member for Children's Services", (LEAD,)),
    ("Cabinet Member for Children’s Services", (LEAD,)),
    ("Cabinet Member for Childrens Services", (LEAD,)),
    ("Lead Member for Children's Services", (LEAD,)),
    ("Lead Member for Children and Families", (LEAD,)),
    ("Portfolio Holder for Children, Young People and Families", (LEAD,)),
    ("Executive Member for Children’s Social Care", (LEAD,)),
    ("Executive Councillor for Children's Services", (LEAD,)),
    ("Cabinet Member for Adults and Children's Social Care", (LEAD,)),
    ("Cabinet Member for Social Services (Children)", (LEAD,)),
    ("CABINET MEMBER FOR CHILDREN & EDUCATION", (LEAD,)),
    ("Cabinet Member for Children and Young People", (LEAD,)),
    ("Cabinet Member for Children, Families and Education", (LEAD,)),
    ("Cabinet Member for Education, Children and Families", (LEAD,)),
    ("Cabinet Member for Children’s Services (Statutory Lead Member)", (LEAD,)),
    ("Executive Member for Children and Families (Statutory Lead Member for Children's Services)", (LEAD,)),
    ("Statutory Lead Member for Children's Services", (LEAD,)),
    ("Cabinet Member - Children's Services", (LEAD,)),
    ("Cabinet Member – Children, Young People & Skills", (LEAD,)),
    ("Cabinet Member: Children and Families", (LEAD,)),
    ("Portfolio Holder - Children's Services and Safeguarding", (LEAD,)),
    ("Portfolio Holder for Children's Social Care", (LEAD,)),
    ("Children's Services Portfolio Holder", (LEAD,)),
    ("Children and Young People Cabinet Member", (LEAD,)),
    ("Executive Member for Children, Schools and Families", (LEAD,)),
    ("Executive Member for Children and Young People's Services", (LEAD,)),
    ("Cabinet Lead for Children and Young People", (LEAD,)),
    ("Lead Cabinet Member for Children's Services", (LEAD,)),
    ("Cabinet Portfolio Holder for Children and Families", (LEAD,)),
    ("Lead Member, Children's Services", (LEAD,)),
    ("Cabinet Member for Children's Services and Education", (LEAD,)),
    ("Cabinet Member for Education and Children's Services", (LEAD,)),
    ("Cabinet Member for Health, Adults and Children's Social Care", (LEAD,)),
    ("Cabinet Member for Young People", (LEAD,)),
    ("Cabinet Member for Children and Young People's Services", (LEAD,)),
    ("Cabinet Member for Children's Services (job share)", (LEAD,)),
    ("Executive Councillor for Children's Services and Community Safety", (LEAD,)),
    ("Cabinet Member for Children’s Social Care, Early Help and SEND", (LEAD,)),
    ("Aelod Cabinet dros Blant a Theuluoedd", (LEAD,)),
    ("Aelod Cabinet dros Addysg a Phlant / Cabinet Member for Education and Children", (LEAD,)),
    ("cabinet member for children's services", (LEAD,)),
    ("  Cabinet   Member for  Children's  Services  ", (LEAD,)),
    # With another post in the same title.
    ("Deputy Leader and Cabinet Member for Children's Services", (LEAD,)),
    ("Deputy Leader and Cabinet Member for Children", (LEAD,)),
    ("Deputy Leader of the Council and Portfolio Holder for Children", (LEAD,)),
    ("Cabinet Member for Children and Young People (Deputy Leader)", (LEAD,)),
    ("Executive Member for Children's Services and Deputy Leader", (LEAD,)),
    ("Deputy Mayor and Cabinet Member for Children and Young People", (LEAD,)),
    ("Cabinet Member for Children's Services and Chair of Corporate Parenting Board", (LEAD,)),
    ("Leader and Cabinet Member for Children", (LEADER, LEAD)),
    ("Leader of the Council and Cabinet Member for Children's Services", (LEADER, LEAD)),
    ("Leader of the Council and Cabinet Member for Finance", (LEADER, CAB)),
    ("Leader of the Council & Portfolio Holder for Strategy", (LEADER, CAB)),
    ("Leader of the Conservative Group and Leader of the Council", (LEADER,)),
    # Other cabinet members.
    ("Cabinet Member for Finance", (CAB,)),
    ("Cabinet Member for Health and Adult Social Care", (CAB,)),
    ("Cabinet Member for Education and Skills", (CAB,)),
    ("Portfolio Holder for Housing", (CAB,)),
    ("Executive Member for Transport and Environment", (CAB,)),
    ("Lead Member for Adult Social Care", (CAB,)),
    ("Executive Councillor for Highways", (CAB,)),
    ("Cabinet Lead for Climate Change", (CAB,)),
    ("Cabinet Member - Environment", (CAB,)),
    ("Cabinet Member for Community Support", (CAB,)),
    ("Cabinet Member for Resources (Finance)", (CAB,)),
    ("Aelod Cabinet dros Gyllid", (CAB,)),
    ("Cabinet Member", (CAB,)),
    # Leaders.
    ("Leader of the Council", (LEADER,)),
    ("Leader", (LEADER,)),
    ("Council Leader", (LEADER,)),
    ("The Leader", (LEADER,)),
    ("Leader of Exampleborough Council", (LEADER,)),
    ("Leader of Durham County Council", (LEADER,)),
    ("Leader of the Administration", (LEADER,)),
    ("LEADER OF THE COUNCIL", (LEADER,)),
    ("Leader of the Council (Labour)", (LEADER,)),
    ("Arweinydd y Cyngor", (LEADER,)),
    # Mayors and ceremonial heads.
    ("Directly Elected Mayor", (EMAYOR,)),
    ("Elected Mayor", (EMAYOR,)),
    ("Executive Mayor", (EMAYOR,)),
    ("Elected Mayor of Exampleborough", (EMAYOR,)),
    ("Mayor", (MAYOR,)),
    ("Lord Mayor", (MAYOR,)),
    ("The Right Worshipful the Lord Mayor", (MAYOR,)),
    ("Civic Mayor", (MAYOR,)),
    ("Chairman of the Council", (MAYOR,)),
    ("Chair of the Council", (MAYOR,)),
    ("Chair of Surrey County Council", (MAYOR,)),
    ("Chairman of Exampleshire County Council", (MAYOR,)),
    ("Civic Head", (MAYOR,)),
    ("Speaker", (MAYOR,)),
    ("Speaker of the Council", (MAYOR,)),
    ("Mayor of Exampleborough", (MAYOR,)),
    ("Cadeirydd y Cyngor", (MAYOR,)),
    # Decoys: deputy, assistant, shadow, support and opposition posts.
    ("Deputy Cabinet Member for Children", NONE),
    ("Deputy Cabinet Member for Children & Families", NONE),
    ("Shadow Cabinet Member for Children's Services", NONE),
    ("Assistant Cabinet Member for Children and Families", NONE),
    ("Assistant Portfolio Holder for Children's Services", NONE),
    ("Cabinet Support Member for Children", NONE),
    ("Deputy Lead Member for Children's Services", NONE),
    ("Deputy Portfolio Holder for Children", NONE),
    ("Deputy Executive Member for Children and Young People", NONE),
    ("Assistant to the Cabinet Member for Children", NONE),
    ("Opposition Lead Member for Children's Services", NONE),
    ("Opposition Spokesperson for Children", NONE),
    ("Liberal Democrat Spokesperson for Children and Families", NONE),
    ("Lead Member for Children's Services (Shadow)", NONE),
    ("Cabinet Member for Children (Deputy)", NONE),
    ("Associate Cabinet Member for Children's Social Care", NONE),
    ("Vice-Cabinet Member for Children", NONE),
    ("Scrutiny Lead Member for Children", NONE),
    ("Dirprwy Aelod Cabinet dros Blant", NONE),
    # Decoys: scrutiny, committee and panel chairs, champions.
    ("Chair of Children and Young People Scrutiny Committee", NONE),
    ("Chair of the Children's Services Scrutiny Panel", NONE),
    ("Vice-Chair of the Children and Young People Scrutiny Panel", NONE),
    ("Chair of Corporate Parenting Panel", NONE),
    ("Chair of Fostering Panel", NONE),
    ("Member of Adoption Panel", NONE),
    ("Chair of Overview and Scrutiny Committee", NONE),
    ("Chair of Planning Committee", NONE),
    ("Member Champion for Children in Care", NONE),
    ("Children's Champion", NONE),
    ("Chair of Cabinet", NONE),
    # Decoys: other leaders and mayors.
    ("Deputy Leader", NONE),
    ("Deputy Leader of the Council", NONE),
    ("Leader of the Opposition", NONE),
    ("Leader of the Labour Group", NONE),
    ("Leader of the Liberal Democrat Group", NONE),
    ("Group Leader", NONE),
    ("Deputy Group Leader", NONE),
    ("Deputy Mayor", NONE),
    ("Deputy Lord Mayor", NONE),
    ("Vice-Chairman of the Council", NONE),
    ("Vice Chair of the Council", NONE),
    ("Deputy Speaker", NONE),
    ("Mayor's Consort", NONE),
    ("Dirprwy Arweinydd", NONE),
    # Not posts at all.
    ("", NONE),
    ("Councillor", NONE),
    ("Member of Council", NONE),
    ("Whip", NONE),
]


def test_the_table_holds_over_a_hundred_real_titles():
    assert len(TITLES) >= 100
    assert len({title for title, _ in TITLES}) == len(TITLES)


@pytest.mark.parametrize(("title", "roles"), TITLES, ids=[t or "(empty)" for t, _ in TITLES])
def test_key_post_title(title, roles):
    assert key_post_roles(title) == roles


def test_a_statutory_lead_member_outranks_other_childrens_portfolios():
    statutory = "Cabinet Member for Children's Services (Statutory Lead Member)"
    children = "Cabinet Member for Children's Services"
    young = "Cabinet Member for Young People"
    assert lead_member_rank(statutory) > lead_member_rank(children) > lead_member_rank(young)
