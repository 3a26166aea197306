"""Work that writes figures: deriving constituency–council overlaps from the postcode file and
taking snapshots of the live layers."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from kinship.geography.models import Area, Postcode
from kinship.geography.selectors import areas_by_code
from kinship.geography.services import childrens_services_authority_resolve
from kinship.stats.live import LIVE_LAYERS
from kinship.stats.models import AreaKind, AreaOverlap, LiveFigure


def overlaps_derive() -> int:
    """Count live postcodes in every (constituency, council) pair, and store each pair's share
    of the constituency and of the council. Derived, not taken from a published table: a small
    slice that a table rounds away still appears, so a carer there finds their council."""
    areas = areas_by_code()
    pairs: Counter[tuple[str, str]] = Counter()
    groups = (
        Postcode.objects.filter(terminated__isnull=True)
        .exclude(constituency__isnull=True)
        .exclude(constituency="")
        .values_list("county", "district", "constituency")
        .annotate(n=Count("postcode"))
        .order_by()
    )
    for county, district, constituency, n in groups:
        council = childrens_services_authority_resolve(
            county=county, district=district, ward=None, areas=areas
        )
        if council is not None and constituency in areas:
            pairs[(areas[constituency].ref.code, council.ref.code)] += n
    by_constituency: Counter[str] = Counter()
    by_council: Counter[str] = Counter()
    for (constituency_code, council_code), n in pairs.items():
        by_constituency[constituency_code] += n
        by_council[council_code] += n
    ids = dict(Area.objects.filter(code__in={c for pair in pairs for c in pair}).values_list("code", "id"))
    rows = [
        AreaOverlap(
            constituency_id=ids[constituency_code],
            council_id=ids[council_code],
            postcodes=n,
            share_of_constituency=n / by_constituency[constituency_code],
            share_of_council=n / by_council[council_code],
        )
        for (constituency_code, council_code), n in pairs.items()
        if constituency_code in ids and council_code in ids
    ]
    with transaction.atomic():
        AreaOverlap.objects.all().delete()
        AreaOverlap.objects.bulk_create(rows)
    return len(rows)


def live_figures_refresh() -> int:
    """Recompute every live layer for constituencies and councils and replace the snapshot."""
    now = timezone.now()
    values: dict[tuple[str, str], int] = defaultdict(int)
    for layer in LIVE_LAYERS.values():
        for kind in (AreaKind.CONSTITUENCY, AreaKind.COUNCIL):
            for code, n in layer.by_kind(kind).items():
                values[(layer.slug, code)] = n
    ids = dict(Area.objects.filter(code__in={code for _, code in values}).values_list("code", "id"))
    rows = [
        LiveFigure(layer=layer, area_id=ids[code], value=n, computed_at=now)
        for (layer, code), n in values.items()
        if code in ids
    ]
    with transaction.atomic():
        LiveFigure.objects.all().delete()
        LiveFigure.objects.bulk_create(rows)
    return len(rows)
