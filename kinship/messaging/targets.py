"""Who an action writes to: a fixed office, or the people for the carer's postcode by role.

Routing rules live here as plain functions. The postcode lookup and the representatives
selectors belong to other apps; they are reached only through `lookup_postcode` and
`representatives_for` so tests can stand in for them.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.campaigns.models import Action
from kinship.geography.postcodes import normalise_postcode
from kinship.geography.types import PostcodeOutcome, PostcodeResult

ROLE_LABELS: dict[str, Any] = {
    "mp": _("MP"),
    "ms": _("Member of the Senedd"),
    "leader": _("Council leader"),
    "elected_mayor": _("Mayor"),
    "ceremonial_mayor": _("Mayor"),
    "cabinet_member": _("Cabinet member"),
    "lead_member_children": _("Lead member for children's services"),
    "ward_councillor": _("Ward councillor"),
    "director_children": _("Director of children's services"),
    "minister": _("Minister"),
    "other": _("Representative"),
}

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

# The ladder for "no reply": ask someone with more power next.
NEXT_UP = {
    "ward_councillor": "lead_member_children",
    "lead_member_children": "leader",
    "cabinet_member": "leader",
    "leader": "mp",
    "elected_mayor": "mp",
}


class Problem:
    CLOSED = "closed"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    TERMINATED = "terminated"
    NORTHERN_IRELAND = "northern_ireland"
    NATION_NOT_COVERED = "nation_not_covered"
    NOBODY = "nobody"


PROBLEM_MESSAGES: dict[str, Any] = {
    Problem.CLOSED: _("This action is closed. Thank you for wanting to help."),
    Problem.INVALID: _("Enter a real postcode, like CF10 1AA"),
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
}


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
        return str(ROLE_LABELS.get(self.role, self.role))

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

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def problem_message(self) -> str:
        return str(PROBLEM_MESSAGES.get(self.problem, ""))

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


def lookup_postcode(text: str) -> PostcodeResult:
    """The geography app's lookup (never raises)."""
    from kinship.geography.services import postcode_lookup

    return postcode_lookup(text)


def representatives_for(result: PostcodeResult) -> list[Any]:
    from kinship.representatives.selectors import representatives_for_postcode

    return list(representatives_for_postcode(result))


def target_from_entry(entry: Any) -> Target:
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
        accepts_email=bool(entry.accepts_email and not getattr(entry, "is_officer", False)),
        postal_address=entry.postal_address or "",
        phone=entry.phone or "",
        area_code=entry.area_code or "",
        area_name=entry.area_name or "",
        party=getattr(entry, "party", "") or "",
    )


def target_for_office(office: Any) -> Target:
    from kinship.representatives.selectors import office_entry

    return target_from_entry(office_entry(office))


def nation_for(result: PostcodeResult) -> str:
    if result.outcome == PostcodeOutcome.SCOTLAND:
        return "scotland"
    if result.outcome == PostcodeOutcome.NORTHERN_IRELAND:
        return "northern_ireland"
    code = result.country.code if result.country else ""
    for prefix, name in (("E", "england"), ("W", "wales"), ("S", "scotland"), ("N", "northern_ireland")):
        if code.startswith(prefix):
            return name
    for area in (result.childrens_services_authority, result.constituency):
        if area and area.code:
            return {"E": "england", "W": "wales", "S": "scotland", "N": "northern_ireland"}.get(
                area.code[0], ""
            )
    return ""


def action_is_open(action: Action, *, now: Any = None) -> bool:
    now = now or timezone.now()
    if not action.is_published or not action.campaign.is_public:
        return False
    if action.opens_at and action.opens_at > now:
        return False
    return not (action.closes_at and action.closes_at <= now)


# Who represents a postcode changes rarely; at peak thousands of carers in one place take the
# same action. A short per-process cache keeps the lookup off the database for repeats.
_CACHE: dict[tuple[int, str, str], tuple[float, Resolution]] = {}
_CACHE_MAX = 4096


def clear_target_cache() -> None:
    _CACHE.clear()


def resolve_targets(*, action: Action, postcode: str) -> Resolution:
    """Everyone this action would write to for this postcode, or the reason nobody can be."""
    if not action_is_open(action):
        return Resolution(postcode=postcode, problem=Problem.CLOSED)
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return Resolution(postcode=postcode, problem=Problem.INVALID)
    from kinship.messaging import conf

    ttl = int(conf.get("KINSHIP_TARGET_CACHE_SECONDS"))
    key = (action.pk, action.updated_at.isoformat() if action.updated_at else "", normalised)
    now = time.monotonic()
    cached = _CACHE.get(key) if ttl > 0 else None
    if cached and cached[0] > now:
        return cached[1]
    resolution = _resolve_uncached(action=action, normalised=normalised)
    if ttl > 0:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[key] = (now + ttl, resolution)
    return resolution


def _resolve_uncached(*, action: Action, normalised: str) -> Resolution:
    result = lookup_postcode(normalised)
    resolution = Resolution(postcode=result.postcode or normalised, result=result)
    if action.target_office_id is not None:
        # A fixed target (a minister): the postcode only decides whether the action covers them.
        if result.is_usable:
            resolution.nation = nation_for(result)
            if resolution.nation and resolution.nation not in action.nations:
                resolution.problem = Problem.NATION_NOT_COVERED
                return resolution
        elif result.outcome == PostcodeOutcome.NORTHERN_IRELAND:
            resolution.problem = Problem.NORTHERN_IRELAND
            return resolution
        elif result.outcome == PostcodeOutcome.INVALID:
            resolution.problem = Problem.INVALID
            return resolution
        resolution.targets = [target_for_office(action.target_office)]
        return resolution
    problem = {
        PostcodeOutcome.INVALID: Problem.INVALID,
        PostcodeOutcome.NOT_FOUND: Problem.NOT_FOUND,
        PostcodeOutcome.TERMINATED: Problem.TERMINATED,
        PostcodeOutcome.NORTHERN_IRELAND: Problem.NORTHERN_IRELAND,
    }.get(result.outcome)
    if problem:
        resolution.problem = problem
        return resolution
    resolution.nation = nation_for(result)
    if resolution.nation not in action.nations:
        resolution.problem = Problem.NATION_NOT_COVERED
        return resolution
    roles = list(action.target_roles or [])
    # A "gap" (nobody known for a role) has no one to write to; the area page shows its general route.
    entries = [e for e in representatives_for(result) if e.role in roles and not getattr(e, "is_gap", False)]
    entries.sort(key=lambda e: roles.index(e.role))
    resolution.targets = [target_from_entry(e) for e in entries]
    if not resolution.targets:
        resolution.problem = Problem.NOBODY
    return resolution


def usable_targets(action: Action, targets: list[Target]) -> list[Target]:
    """Targets this kind of action can reach: email needs an address; letters a postal address
    (falling back to the council's); phone calls a number."""
    from kinship.campaigns.models import ActionKind

    if action.kind == ActionKind.LETTER:
        return list(targets)
    if action.kind == ActionKind.PHONE:
        return [t for t in targets if t.phone]
    return [t for t in targets if t.can_email]


def next_person_up(*, office: Any, role: str, area_code: str, constituency_code: str = "") -> Target | None:
    """Who to write to when someone has not replied (ward councillor → lead member → leader → MP).
    The representatives app decides; the fallback only climbs within the same council."""
    from kinship.representatives import selectors as rep_selectors
    from kinship.representatives.models import Office

    if office is not None:
        found = rep_selectors.next_person_up(office, constituency_code=constituency_code or None)
        return target_for_office(found) if found is not None else None
    # The office has gone since the message was sent: climb by role within the same council.

    next_role = NEXT_UP.get(role)
    if not next_role or not area_code:
        return None
    candidate = (
        Office.objects.select_related("person", "area")
        .filter(role=next_role, area__code=area_code, end_date__isnull=True)
        .first()
    )
    return target_for_office(candidate) if candidate else None
