from __future__ import annotations

from django import template

from kinship.core.i18n import localised

register = template.Library()


@register.simple_tag
def loc(obj: object, field: str) -> str:
    """{% loc campaign "title" %}: the field in the page's language (Welsh when available)."""
    return localised(obj, field)


@register.filter
def loc_field(obj: object, field: str) -> str:
    return localised(obj, field)
