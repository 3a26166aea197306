"""Who an action writes to: a fixed office, or the people for the carer's postcode by role.

Routing rules live here as plain functions. The postcode lookup (geography), who represents a
place (representatives) and whether an action is open (campaigns) are those apps' own rules,
called directly.
"""

from __future__ import annotations

import re
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from kinship.campaigns.models import Action, ActionKind
from kinship.campaigns.selectors import action_is_open
from kinship.geography.messages import INVALID_POSTCODE_MESSAGE
from kinship.geography.postcodes import normalise_postcode
from kinship.geography.services import postcode_lookup, postcode_result_choose_council
from kinship.geography.types import PostcodeOutcome, PostcodeResult
from kinship.messaging import conf
from kinship.representatives.models import Office, role_label
from kinship.representatives.selectors import RepresentativeEntry, office_entry, representatives_for_postcode

ROLE_WHY: dict[str, Any] = {
    "mp": _(
        "Your MP speaks for you in Parliament and can press ministers. MPs only take up cases from "
        "their own constituents, which is why we ask for your full address."
    ),
    "ms": _("Your Members of the Senedd decide how children's services in Wales are run and funded."),
    "leader": _("The council leader sets the council's priorities and budget."),
    "elected_mayor": _("The mayor leads the council and sets its priorities."),
    "ceremonial_mayor": _("The mayor chairs the council."),
    "cabinet_member": _("A cabinet member runs part of the council's work."),
    "lead_member_children": _(
        "The lead member for children's services is the councillor responsible for support to "
        "kinship families in your area."
    ),
    "ward_councillor": _("Your ward councillors represent your neighbourhood on the council."),
    "director_children": _("The director of children's services runs the council's support for children."),
    "minister": _("The Minister is responsible for national policy on kinship care."),
    "other": "",
}


class Problem:
    CLOSED = "closed"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    TERMINATED = "terminated"
    NORTHERN_IRELAND = "northern_ireland"
    NATION_NOT_COVERED = "nation_not_covered"
    NOBODY = "nobody"
    COUNCIL_UNKNOWN = "council_unknown"


PROBLEM_MESSAGES: dict[str, Any] = {
    Problem.CLOSED: _("This action is closed. Thank you for wanting to help."),
    Problem.INVALID: INVALID_POSTCODE_MESSAGE,
    Problem.NOT_FOUND: _("We could not find that postcode. Check it and try again."),
    Problem.TERMINATED: _("That postcode is no longer in use. Try the postcode on a recent letter or bill."),
    Problem.NORTHERN_IRELAND: _(
        "This action is for England, Wales and Scotland. In Northern Ireland, please call our advice line "
        "to find out how to help."
    ),
    Problem.NATION_NOT_COVERED: _(
        "This action is not for where you live, because the decision is made by a different government. "
        "Look at the other actions on the campaign page."
    ),
    Problem.NOBODY: _(
        "We do not have contact details for the right people in your area yet. Please try another action."
    ),
    Problem.COUNCIL_UNKNOWN: _(
        "We could not tell from your postcode which council runs children's services where you live. "
        "Please choose your council."
    ),
}

# People on the council: an action writing to any of them needs to know the council.
COUNCIL_PEOPLE = frozenset(
    {
        "leader",
        "elected_mayor",
        "ceremonial_mayor",
        "cabinet_member",
        "lead_member_children",
        "ward_councillor",
        "director_children",
    }
)


@dataclass(frozen=True)
class Target:
    key: str
    office_id: int | None
    role: str
    name: str
    email: str
    accepts_email: bool
    postal_address: str
    phone: str
    area_code: str
    area_name: str
    party: str = ""

    @property
    def can_email(self) -> bool:
        return bool(self.accepts_email and self.email)

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def why(self) -> str:
        return str(ROLE_WHY.get(self.role, ""))


@dataclass
class Resolution:
    postcode: str
    result: PostcodeResult | None = None
    targets: list[Target] = field(default_factory=list)
    problem: str = ""
    nation: str = ""
    # The council the carer chose (a GSS code), carried from "Your area" or the choice below.
    chosen_council: str = ""
    # We could not tell the council, and this action needs it (its people, or its name in the
    # text): the page asks the carer to choose, and until then no sentence names it.
    asks_for_council: bool = False

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def problem_message(self) -> str:
        return str(PROBLEM_MESSAGES.get(self.problem, ""))

    @property
    def problem_is_the_postcode(self) -> bool:
        """The postcode itself is wrong (not a postcode, not found, no longer used): fix and retry."""
        return self.problem in {Problem.INVALID, Problem.NOT_FOUND, Problem.TERMINATED}

    @property
    def offers_other_actions(self) -> bool:
        """Nobody can be written to here for this action, but other actions may suit."""
        return self.problem in {Problem.NATION_NOT_COVERED, Problem.NOBODY}

    @property
    def council_name(self) -> str:
        area = self.result.childrens_services_authority if self.result else None
        return (area.official_name or area.name) if area else ""

    @property
    def council_code(self) -> str:
        area = self.result.childrens_services_authority if self.result else None
        return area.code if area else ""

    @property
    def constituency_code(self) -> str:
        area = self.result.constituency if self.result else None
        return area.code if area else ""

    @property
    def constituency_name(self) -> str:
        area = self.result.constituency if self.result else None
        return area.name if area else ""

    @property
    def mentions_mp(self) -> bool:
        return any(t.role == "mp" for t in self.targets)


def target_from_entry(entry: RepresentativeEntry) -> Target:
    """A target from a representatives RepresentativeEntry. Officers are never emailed."""
    # Stable across processes (no hash()): the key travels in forms between requests.
    key = (
        f"o{entry.office_id}"
        if entry.office_id
        else f"a{entry.area_code}-{entry.role}-{zlib.crc32(entry.name.encode())}"
    )
    return Target(
        key=key,
        office_id=entry.office_id,
        role=entry.role,
        name=entry.name,
        email=entry.email or "",
        accepts_email=bool(entry.accepts_email and not entry.is_officer),
        postal_address=entry.postal_address or "",
        phone=entry.phone or "",
        area_code=entry.area_code or "",
        area_name=entry.area_name or "",
        party=entry.party or "",
    )


def target_for_office(office: Office) -> Target:
    return target_from_entry(office_entry(office))


# Who represents a postcode changes rarely; at peak thousands of carers in one place take the
# same action. A short per-process cache keeps the lookup off the database for repeats.
_CACHE: dict[tuple[int, str, str, str], tuple[float, Resolution]] = {}
_CACHE_MAX = 4096


def clear_target_cache() -> None:
    _CACHE.clear()


def resolve_targets(*, action: Action, postcode: str, council: str = "") -> Resolution:
    """Everyone this action would write to for this postcode, or the reason nobody can be.

    `council`: the GSS code of the council the carer chose (checked against the councils that
    run children's services; anything else is ignored)."""
    if not action_is_open(action):
        return Resolution(postcode=postcode, problem=Problem.CLOSED)
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return Resolution(postcode=postcode, problem=Problem.INVALID)
    ttl = conf.target_cache_seconds()
    council = _council_code(council)
    key = (action.pk, action.updated_at.isoformat() if action.updated_at else "", normalised, council)
    now = time.monotonic()
    cached = _CACHE.get(key) if ttl > 0 else None
    if cached and cached[0] > now:
        return cached[1]
    resolution = _resolve_uncached(action=action, normalised=normalised, council=council)
    if ttl > 0:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[key] = (now + ttl, resolution)
    return resolution


def _council_code(council: str) -> str:
    council = council.strip().upper()
    return council if len(council) == 9 else ""  # a GSS code, or nothing (checked when looked up)


def resolve_targets_preview(*, action: Action, postcode: str, council: str = "") -> Resolution:
    """What `resolve_targets` will give for this postcode once the action is open: for staff
    previewing a draft, a scheduled action or one not saved yet. Never cached (an unsaved
    action has no key), and whether it is open is not asked."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return Resolution(postcode=postcode, problem=Problem.INVALID)
    return _resolve_uncached(action=action, normalised=normalised, council=_council_code(council))


# Postcode outcomes that stop an action that writes to people found from the postcode.
_POSTCODE_PROBLEMS = {
    PostcodeOutcome.INVALID: Problem.INVALID,
    PostcodeOutcome.NOT_FOUND: Problem.NOT_FOUND,
    PostcodeOutcome.TERMINATED: Problem.TERMINATED,
    PostcodeOutcome.NORTHERN_IRELAND: Problem.NORTHERN_IRELAND,
}


def action_needs_council(action: Action) -> bool:
    """The action writes to council people, or names the council in its suggested text."""
    texts = (
        action.subject_template,
        action.subject_template_cy,
        action.body_template,
        action.body_template_cy,
    )
    return bool(COUNCIL_PEOPLE & set(action.target_roles or [])) or any(
        re.search(r"\{\{\s*council\s*\}\}", text or "") for text in texts
    )


def _with_chosen_council(result: PostcodeResult, council: str) -> tuple[PostcodeResult, str]:
    chosen = postcode_result_choose_council(result, council_code=council) if council else None
    return (chosen, council) if chosen is not None else (result, "")


def _resolve_uncached(*, action: Action, normalised: str, council: str = "") -> Resolution:
    result, chosen = _with_chosen_council(postcode_lookup(normalised), council)
    resolution = Resolution(postcode=result.postcode or normalised, result=result, chosen_council=chosen)
    office = action.target_office if action.target_office_id is not None else None
    if office is not None:
        return _resolve_fixed(action=action, office=office, result=result, resolution=resolution)
    problem = _POSTCODE_PROBLEMS.get(result.outcome)
    if problem:
        resolution.problem = problem
        return resolution
    council_unknown = result.outcome == PostcodeOutcome.UNPLACED
    resolution.nation = result.nation
    if council_unknown and not resolution.nation:
        # Nothing but the council can tell us the nation (and so whether this action applies).
        resolution.asks_for_council = True
        resolution.problem = Problem.COUNCIL_UNKNOWN
        return resolution
    if resolution.nation not in action.nations:
        resolution.problem = Problem.NATION_NOT_COVERED
        return resolution
    resolution.asks_for_council = council_unknown and action_needs_council(action)
    roles = list(action.target_roles or [])
    # A "gap" (nobody known for a role) has no one to write to; the area page shows its general route.
    entries = [e for e in representatives_for_postcode(result) if e.role in roles and not e.is_gap]
    entries.sort(key=lambda e: roles.index(e.role))
    resolution.targets = [target_from_entry(e) for e in entries]
    if not resolution.targets:
        resolution.problem = Problem.COUNCIL_UNKNOWN if resolution.asks_for_council else Problem.NOBODY
    return resolution


def _resolve_fixed(
    *, action: Action, office: Office, result: PostcodeResult, resolution: Resolution
) -> Resolution:
    """A fixed target (a minister): the postcode only decides whether the action covers them."""
    if result.is_usable:
        resolution.nation = result.nation
        if resolution.nation and resolution.nation not in action.nations:
            resolution.problem = Problem.NATION_NOT_COVERED
            return resolution
    elif result.outcome == PostcodeOutcome.NORTHERN_IRELAND:
        resolution.problem = Problem.NORTHERN_IRELAND
        return resolution
    elif result.outcome == PostcodeOutcome.INVALID:
        resolution.problem = Problem.INVALID
        return resolution
    resolution.targets = [target_for_office(office)]
    return resolution


def usable_targets(action: Action, targets: list[Target]) -> list[Target]:
    """Targets this kind of action can reach: email needs an address; letters a postal address
    (falling back to the council's); phone calls a number."""
    if action.kind == ActionKind.LETTER:
        return list(targets)
    if action.kind == ActionKind.PHONE:
        return [t for t in targets if t.phone]
    return [t for t in targets if t.can_email]
