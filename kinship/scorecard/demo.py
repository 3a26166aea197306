"""Demo scorecards: example published assessments for the fictional demo councils only (codes
outside ONS's ranges, `is_demo`), so every scorecard page can be seen. Real councils are never
touched: they stay "not yet assessed" until someone assesses them with evidence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kinship.campaigns.models import Action, ActionKind, Campaign
from kinship.geography.models import Area
from kinship.scorecard.conf import scorecard_action_slug
from kinship.scorecard.criteria import criteria_load
from kinship.scorecard.importers import AllowanceFileError, allowance_rates_import, default_rates_files
from kinship.scorecard.models import (
    AllowanceRegion,
    Answer,
    AnswerOption,
    Assessment,
    AssessmentStatus,
    CouncilAllowanceRegion,
    CouncilReply,
    ReplyDecision,
)
from kinship.scorecard.selectors import active_criteria

DEMO_ASSESSOR = "demo-scorecard-assessor"
DEMO_AUDITOR = "demo-scorecard-auditor"

# council code → (allowance region, the answer value chosen for each criterion)
DEMO_SCORECARDS: dict[str, tuple[str, dict[str, str]]] = {
    "E10900001": (  # Demoshire: patchy
        AllowanceRegion.REST_OF_ENGLAND,
        {
            "policy-published": "old",
            "information-page": "partial",
            "financial-policy": "yes",
            "non-means-tested": "some",
            "allowance-level": "below",
            "specialist-team": "no",
            "training-peer-support": "one",
            "therapeutic-support": "yes",
            "named-lead": "no",
        },
    ),
    "E06900001": (  # Exampleborough: clear and supportive
        AllowanceRegion.SOUTH_EAST,
        {
            "policy-published": "current",
            "information-page": "clear",
            "financial-policy": "yes",
            "non-means-tested": "all",
            "allowance-level": "all-bands",
            "specialist-team": "yes",
            "training-peer-support": "both",
            "therapeutic-support": "yes",
            "named-lead": "no",
        },
    ),
    "W06900001": (  # Example Vale: difficult and unhelpful
        AllowanceRegion.WALES,
        {
            "policy-published": "none",
            "information-page": "none",
            "financial-policy": "no",
            "non-means-tested": "none",
            "allowance-level": "below",
            "specialist-team": "no",
            "training-peer-support": "neither",
            "therapeutic-support": "yes",
            "named-lead": "no",
        },
    ),
}


def _demo_user(username: str) -> Any:
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_active": False})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _ask_action() -> str:
    campaign = Campaign.objects.filter(slug="value-our-love").first()
    if campaign is None:
        return "scorecard action: no demo campaign"
    Action.objects.update_or_create(
        slug=scorecard_action_slug(),
        defaults={
            "campaign": campaign,
            "kind": ActionKind.EMAIL_POSTCODE,
            "title": "Ask your council to fix its support for kinship carers",
            "title_cy": "Gofyn i'ch cyngor wella ei gymorth i ofalwyr sy'n berthnasau",
            "summary": "Write to your council's lead member for children's services about the gaps the scorecard found.",
            "summary_cy": "Ysgrifennu at aelod arweiniol eich cyngor dros wasanaethau plant am y bylchau a ganfuwyd.",
            "target_roles": ["lead_member_children"],
            "subject_template": "Support for kinship carers in {{ council }}",
            "body_template": (
                "I am writing about the support {{ council }} gives kinship carers. The council kinship "
                "scorecard found gaps in it. Please tell me what the council will do to fix them, and by when."
            ),
            "display_order": 50,
        },
    )
    return "scorecard action: ask your council to fix this"


def _assessment(council: Area, answers: dict[str, str], *, assessor: Any, auditor: Any) -> Assessment:
    Assessment.objects.filter(council=council).delete()
    seen = timezone.localdate() - timedelta(days=20)
    assessment = Assessment.objects.create(
        council=council,
        status=AssessmentStatus.PUBLISHED,
        assessor=assessor,
        auditor=auditor,
        submitted_at=timezone.now(),
        audited_at=timezone.now(),
        reply_opened_at=timezone.now(),
        reply_received_at=timezone.now(),
        published_at=timezone.now(),
        checked_on=seen,
        council_comment="We welcome the scorecard and are reviewing our kinship offer (demo reply).",
    )
    site = council.website or "https://council.example.org"
    for criterion in active_criteria():
        option = AnswerOption.objects.get(criterion=criterion, value=answers[criterion.slug])
        scored = bool(option.points)
        answer = Answer.objects.create(
            assessment=assessment,
            criterion=criterion,
            option=option,
            evidence_url=f"{site}/children/kinship/{criterion.slug}",
            evidence_location="Kinship care" if scored else "Searched the whole site",
            evidence_quote=f"Example wording from the demo council's website ({criterion.slug}), for the demo only."
            if scored
            else "",
            evidence_seen_on=seen,
            audit_agrees=True,
        )
        if criterion.slug == "specialist-team" and not scored:
            CouncilReply.objects.create(
                answer=answer,
                agrees=False,
                comment="Our fostering team also supports kinship carers (demo reply).",
                responder_role="Head of children's services (demo)",
                decision=ReplyDecision.KEPT,
                decision_reason="A fostering team is not a specialist kinship team (demo decision).",
                decided_by=None,
                decided_at=timezone.now(),
            )
    return assessment


@transaction.atomic
def load_demo_scorecard() -> list[str]:
    """Criteria, rates (from the shared data when present), demo councils' regions and published
    example assessments, and the "ask your council to fix this" action. Run after the demo places
    and campaigns."""
    lines = criteria_load()
    for path in default_rates_files():
        try:
            lines.append(allowance_rates_import(path))
        except AllowanceFileError as exc:
            lines.append(f"allowance rates not loaded: {exc}")
    assessor, auditor = _demo_user(DEMO_ASSESSOR), _demo_user(DEMO_AUDITOR)
    for code, (region, answers) in DEMO_SCORECARDS.items():
        council = Area.objects.filter(code=code, is_demo=True).first()
        if council is None:
            continue
        if region != AllowanceRegion.WALES:
            CouncilAllowanceRegion.objects.update_or_create(
                council=council, defaults={"region": region, "source": "demo"}
            )
        _assessment(council, answers, assessor=assessor, auditor=auditor)
        lines.append(f"demo scorecard: {council.name}")
    lines.append(_ask_action())
    return lines


def demo_staff_scorecard_roles(*, username: str) -> str:
    """Let the demo staff login try the scorecard's staff pages (assign, assess, audit, decide)."""
    from django.contrib.auth.models import Group

    from kinship.scorecard.permissions import MANAGERS, ensure_scorecard_groups

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return "scorecard staff pages: no demo staff login"
    ensure_scorecard_groups()
    user.groups.add(Group.objects.get(name=MANAGERS))
    return f"scorecard staff pages: {username} is a scorecard manager (/staff/scorecard/)"
