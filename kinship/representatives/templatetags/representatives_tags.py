from __future__ import annotations

from typing import Any

from django import template

from kinship.representatives.selectors import RepresentativeEntry

register = template.Library()


@register.inclusion_tag("representatives/includes/person_card.html")
def person_card(entry: RepresentativeEntry) -> dict[str, Any]:
    """{% person_card entry %}: one person (or a gap) with role, party and "checked on"."""
    return {"entry": entry}
