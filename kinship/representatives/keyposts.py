"""Which council roles a ModernGov key post title describes. Pure functions, tested directly.

Councils title the same job many ways: "Cabinet Member for Children's Services", "Lead Member
for Children and Families", "Portfolio Holder for Children, Young People and Families",
"Executive Member for Children's Social Care", "Deputy Leader and Cabinet Member for
Children". A title is split at " and " into parts (a portfolio like "Children and Families"
stays recognisable from its first part), and each part is read on its own:

- a cabinet-type post ("cabinet member", "lead member", "portfolio holder", "executive
  member", ...) not qualified as deputy, assistant, shadow or opposition, and not a scrutiny
  or committee post, is a cabinet member, or the lead member for children's services when the
  part mentions children;
- "Leader", "Leader of the Council", "Council Leader" (not deputy, group or opposition
  leaders) is the council leader;
- "Elected Mayor", "Directly Elected Mayor", "Executive Mayor" is an elected mayor;
- "Mayor", "Lord Mayor", "Civic Mayor", "Chairman of the Council" is the ceremonial head, who
  does not decide council business.
"""

from __future__ import annotations

import re

from kinship.representatives.models import Role
from kinship.representatives.names import normalise_name

_CABINET = re.compile(
    r"\b(?:lead cabinet member|cabinet member|lead member|portfolio holder|cabinet portfolio holder|"
    r"executive member|cabinet lead|executive councillor|cabinet councillor|portfolio lead|lead councillor)\b"
)
_NOT_CABINET = re.compile(
    r"\b(?:deputy|assistant|shadow|opposition|vice|support|associate|scrutiny|committee|panel|spokesperson|champion)\b"
)
_LEADER = re.compile(
    r"^(?:the )?(?:council )?leader(?: of (?:the )?(?:[a-z]+ ){0,4}(?:council|administration))?$"
)
_ELECTED_MAYOR = re.compile(r"^(?:the )?(?:directly elected|elected|executive) mayor(?: of [a-z ]+)?$")
_CEREMONIAL = re.compile(
    r"^(?:the )?(?:(?:right worshipful |worshipful )?(?:lord |civic |ceremonial |town |city )?mayor(?: of [a-z ]+)?|"
    r"chair(?:man|person)? of (?:the )?(?:[a-z]+ ){0,4}council|civic head)$"
)
_CHILDREN = re.compile(r"\bchild(?:ren)?s?\b")


def key_post_roles(title: str) -> tuple[Role, ...]:
    """The roles a key post title names (empty when none); at most one of each."""
    text = normalise_name(title)
    if not text:
        return ()
    found: list[Role] = []

    def add(role: Role) -> None:
        if role not in found:
            found.append(role)

    # Parts without a post of their own continue the previous portfolio ("... for Adults
    # and Children's Social Care"), unless they are about scrutiny or committees.
    in_portfolio = False
    for part in (p.strip() for p in text.split(" and ")):
        if not part:
            continue
        cabinet = _CABINET.search(part)
        if cabinet:
            if _NOT_CABINET.search(part):
                in_portfolio = False
                continue
            in_portfolio = True
            add(Role.LEAD_MEMBER_CHILDREN if _CHILDREN.search(part) else Role.CABINET_MEMBER)
        elif _LEADER.match(part):
            in_portfolio = False
            add(Role.LEADER)
        elif _ELECTED_MAYOR.match(part):
            in_portfolio = False
            add(Role.ELECTED_MAYOR)
        elif _CEREMONIAL.match(part):
            in_portfolio = False
            add(Role.CEREMONIAL_MAYOR)
        elif in_portfolio and not _NOT_CABINET.search(part) and "chair" not in part:
            if _CHILDREN.search(part):
                add(Role.LEAD_MEMBER_CHILDREN)
        else:
            in_portfolio = False
    # "Cabinet Member for Children and Families" must not also count as a plain cabinet member.
    if Role.LEAD_MEMBER_CHILDREN in found and Role.CABINET_MEMBER in found:
        found.remove(Role.CABINET_MEMBER)
    return tuple(found)
