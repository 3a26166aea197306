"""Which council roles a ModernGov key post title describes. Pure functions, tested directly
(`tests/test_keyposts.py` holds the real titles and decoys this must keep reading right).

Councils title the same job many ways: "Cabinet Member for Children's Services", "Lead Member
for Children and Families", "Portfolio Holder for Children, Young People and Families",
"Executive Councillor for Children's Services", "Deputy Leader and Cabinet Member for
Children", "Aelod Cabinet dros Blant". A title is cut into parts at brackets, commas, dashes
and " and "; each part is read on its own, in order:

1. a part that is only a qualifier ("(Shadow)", "(Deputy)") means the title is no post of ours;
2. a cabinet-type post ("Cabinet Member", "Lead Member", "Portfolio Holder", "Executive
   Member", ...) is a cabinet member, or the lead member for children's services when the
   part is about children or says "Statutory Lead Member" -- unless a qualifier comes before
   the post (deputy, assistant, shadow, opposition, scrutiny...) or the part is about a
   scrutiny body, committee or panel: those are decoys;
3. a part that is wholly a leader, elected mayor or ceremonial head title is that role
   ("Leader of the Council", not "Leader of the Labour Group" or "Deputy Leader");
4. any other part continues the portfolio before it ("Cabinet Member for Adults and
   Children's Social Care"), unless it is a chair, a committee or a qualified post.

A title naming a children's portfolio is the lead member, never also a plain cabinet member.
"""

from __future__ import annotations

import re

from kinship.representatives.models import Role
from kinship.representatives.names import normalise_name

_PARTS = re.compile(r"[()\[\],;:/|]|\s[-–—]\s|\band\b", re.IGNORECASE)

_POST = re.compile(
    r"\b(?:statutory lead member|lead cabinet member|cabinet member|lead member|cabinet portfolio holder|"
    r"portfolio holder|executive member|executive councillor|cabinet lead|cabinet councillor|"
    r"portfolio lead|lead councillor|aelod cabinet|aelod arweiniol)\b"
)
_QUALIFIER = re.compile(
    r"\b(?:deputy|assistant|shadow|opposition|vice|support|associate|scrutiny|group|spokesperson|"
    r"dirprwy|cynorthwyol|cysgodol|wrthblaid)\b"
)
_NOT_A_POST = re.compile(r"\b(?:scrutiny|committee|panel|spokesperson|champion|shadow|opposition)\b")
_BARE_QUALIFIER = re.compile(r"(?:deputy|shadow|assistant|opposition|designate|support)")
_ENDS_PORTFOLIO = re.compile(
    r"\b(?:chair|chairman|chairperson|vice|deputy|assistant|shadow|opposition|scrutiny|committee|panel|"
    r"board|spokesperson|champion|leader|mayor|member|representative|cadeirydd)\b"
)
_CHILD_WORDS = r"child|children|childrens|childs|plant|blant|phlant|mhlant"  # Welsh "plant", mutated
_CHILDREN = re.compile(rf"\b(?:{_CHILD_WORDS}|young people|statutory lead member)\b")

# Whole-part titles, tried in order: the first that matches the whole part wins.
_WHOLE_TITLES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (
        Role.LEADER,
        re.compile(
            r"(?:the )?(?:council )?leader(?: of (?:the )?(?:[a-z]+ ){0,4}(?:council|administration))?|"
            r"arweinydd(?: y cyngor)?"
        ),
    ),
    (
        Role.ELECTED_MAYOR,
        re.compile(r"(?:the )?(?:directly elected|elected|executive) mayor(?: of [a-z ]+)?"),
    ),
    (
        Role.CEREMONIAL_MAYOR,
        re.compile(
            r"(?:the )?(?:(?:right worshipful (?:the )?|worshipful (?:the )?)?(?:lord |civic |ceremonial |town |city )?mayor"
            r"(?: of [a-z ]+)?|chair(?:man|person)? of (?:the )?(?:[a-z]+ ){0,4}council|civic head|"
            r"speaker(?: of (?:the )?(?:[a-z]+ ){0,3}council)?|maer|cadeirydd y cyngor)"
        ),
    ),
)


def _parts(title: str) -> list[str]:
    parts = (normalise_name(p) for p in _PARTS.split(title.replace("&", " and ")))
    return [p for p in parts if p]


def _cabinet_role(part: str) -> tuple[Role | None, bool]:
    """(role, is a cabinet-type post) for a part naming a cabinet-type post; (None, False) if none."""
    post = _POST.search(part)
    if post is None:
        return None, False
    if _QUALIFIER.search(part[: post.start()]) or _NOT_A_POST.search(part):
        return None, True  # a decoy: deputy, shadow, scrutiny ... posts are not the cabinet
    return (Role.LEAD_MEMBER_CHILDREN if _CHILDREN.search(part) else Role.CABINET_MEMBER), True


def _whole_title_role(part: str) -> Role | None:
    for role, pattern in _WHOLE_TITLES:
        if pattern.fullmatch(part):
            return role
    return None


def _part_role(part: str, in_portfolio: bool) -> tuple[Role | None, bool]:
    """The role one part names, and whether a following part continues a portfolio."""
    role, is_post = _cabinet_role(part)
    if is_post:
        return role, role is not None
    whole = _whole_title_role(part)
    if whole is not None:
        return whole, False
    continues = in_portfolio and not _ENDS_PORTFOLIO.search(part)
    if continues and _CHILDREN.search(part):
        return Role.LEAD_MEMBER_CHILDREN, True
    return None, continues


def key_post_roles(title: str) -> tuple[Role, ...]:
    """The roles a key post title names (empty when none); at most one of each."""
    parts = _parts(title or "")
    if any(_BARE_QUALIFIER.fullmatch(p) for p in parts):
        return ()
    found: list[Role] = []
    in_portfolio = False
    for part in parts:
        role, in_portfolio = _part_role(part, in_portfolio)
        if role is not None and role not in found:
            found.append(role)
    if Role.LEAD_MEMBER_CHILDREN in found and Role.CABINET_MEMBER in found:
        found.remove(Role.CABINET_MEMBER)
    return tuple(found)


def lead_member_rank(title: str) -> int:
    """How surely a lead-member title names the statutory lead member for children's services:
    2 says so ("Statutory Lead Member"), 1 names children, 0 only young people. Where a council
    lists several, the sync keeps the surest."""
    text = normalise_name(title)
    if "statutory lead member" in text:
        return 2
    if re.search(rf"\b(?:{_CHILD_WORDS})\b", text):
        return 1
    return 0
