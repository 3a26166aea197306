"""Bilingual content: models keep English in `field` and Welsh in `field_cy`."""

from __future__ import annotations

from django.utils.translation import get_language


def is_welsh() -> bool:
    return (get_language() or "").startswith("cy")


def localised(obj: object, field: str) -> str:
    """The Welsh text of `field` when the page is in Welsh and a translation exists, else English."""
    if is_welsh():
        welsh = getattr(obj, f"{field}_cy", "")
        if welsh:
            return str(welsh)
    return str(getattr(obj, field, "") or "")
