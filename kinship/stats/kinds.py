"""Which geography area types belong to each kind of area a figure or map is about."""

from __future__ import annotations

from kinship.geography.models import CHILDRENS_SERVICES_TYPES, AreaType
from kinship.stats.models import AreaKind

AREA_TYPES_OF_KIND: dict[str, frozenset[str]] = {
    AreaKind.CONSTITUENCY: frozenset({AreaType.CONSTITUENCY}),
    AreaKind.COUNCIL: frozenset(CHILDRENS_SERVICES_TYPES),
    AreaKind.DISTRICT: frozenset({AreaType.DISTRICT, *CHILDRENS_SERVICES_TYPES}) - {AreaType.COUNTY},
}
