"""Criteria are data: `data/criteria.json` (or a file staff give) loaded into Section,
Criterion and AnswerOption rows, updated in place by slug so answers keep their criteria."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from kinship.scorecard.models import AnswerOption, Criterion, Section

DEFAULT_CRITERIA = Path(__file__).resolve().parent / "data" / "criteria.json"


class CriteriaFileError(Exception):
    """The criteria file is not in the expected shape; nothing was loaded."""


def _check(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise CriteriaFileError("expected an object with 'sections' and 'criteria' lists")
    sections = {s.get("slug") for s in data["sections"]}
    for item in data.get("criteria", []):
        for key in ("slug", "section", "question", "guidance", "evidence_required", "options"):
            if not item.get(key):
                raise CriteriaFileError(f"criterion {item.get('slug', '?')} has no {key}")
        if item["section"] not in sections:
            raise CriteriaFileError(f"criterion {item['slug']} names an unknown section {item['section']}")
        points = [o.get("points") for o in item["options"] if o.get("points") is not None]
        if not points or max(points) <= 0:
            raise CriteriaFileError(f"criterion {item['slug']} has no answer worth any points")


@transaction.atomic
def criteria_load(path: Path = DEFAULT_CRITERIA) -> list[str]:
    """Create or update sections, criteria and their answers from a JSON file; returns lines to print."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CriteriaFileError(f"cannot read {path}: {exc}") from exc
    _check(data)
    sections = {}
    for order, item in enumerate(data["sections"]):
        sections[item["slug"]], _ = Section.objects.update_or_create(
            slug=item["slug"],
            defaults={"order": order, "title": item["title"], "title_cy": item.get("title_cy", "")},
        )
    seen = []
    for order, item in enumerate(data["criteria"]):
        criterion, _ = Criterion.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "section": sections[item["section"]],
                "order": order,
                "question": item["question"],
                "question_cy": item.get("question_cy", ""),
                "guidance": item["guidance"],
                "evidence_required": item["evidence_required"],
                "weight": int(item.get("weight", 1)),
                "gap_text": item.get("gap_text", ""),
                "gap_text_cy": item.get("gap_text_cy", ""),
                "is_active": True,
            },
        )
        seen.append(criterion.pk)
        for option_order, option in enumerate(item["options"]):
            AnswerOption.objects.update_or_create(
                criterion=criterion,
                value=option["value"],
                defaults={
                    "order": option_order,
                    "label": option["label"],
                    "label_cy": option.get("label_cy", ""),
                    "points": option.get("points"),
                },
            )
    retired = Criterion.objects.exclude(pk__in=seen).filter(is_active=True).update(is_active=False)
    return [f"scorecard criteria: {len(seen)} loaded in {len(sections)} sections, {retired} retired"]
