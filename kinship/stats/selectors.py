"""Reading figures for maps, area pages and the areas API.

A layer is either an imported dataset (`data:<slug>`) or one of the platform's live figures
(`live:<slug>`). Live counts under five are never shown as numbers: one person's action must
not be picked out on a map of their area (`SMALL_NUMBER`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kinship.core.pagecache import source_version
from kinship.geography.models import Area, AreaType
from kinship.stats.kinds import AREA_TYPES_OF_KIND
from kinship.stats.live import LIVE_LAYERS
from kinship.stats.models import (
    AreaKind,
    AreaOverlap,
    BoundaryShape,
    Dataset,
    DatasetValue,
    HexCell,
    LiveFigure,
    Visibility,
)

SMALL_NUMBER = 5


def kind_of_area(area: Area) -> str | None:
    if area.type == AreaType.CONSTITUENCY:
        return AreaKind.CONSTITUENCY
    if area.is_childrens_services_authority:
        return AreaKind.COUNCIL
    return None


@dataclass(frozen=True)
class Figure:
    """One value as a page shows it: a number, or "fewer than 5" with no number."""

    value: float | None
    suppressed: bool = False
    label: str = ""  # a category's words (e.g. "Meeting held"), for layers that are not numbers

    @property
    def text(self) -> str:
        if self.label:
            return self.label
        if self.suppressed:
            return _("fewer than %(n)s") % {"n": SMALL_NUMBER}
        if self.value is None:
            return _("no figure")
        return f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,.1f}"

    def as_json(self) -> dict[str, object]:
        return {"value": self.value, "suppressed": self.suppressed, "text": self.text}


def count_figure(n: int) -> Figure:
    return Figure(value=None, suppressed=True) if 0 < n < SMALL_NUMBER else Figure(value=float(n))


@dataclass
class Layer:
    slug: str
    title: str
    unit: str
    source: str
    licence: str = ""
    source_url: str = ""
    date: dt.date | None = None
    is_live: bool = False
    is_count: bool = False
    categories: tuple[tuple[int, str], ...] = ()  # (value, words), lowest first, for category layers
    is_demo: bool = False
    staff_only: bool = False
    updated_at: dt.datetime | None = None
    values: dict[str, Figure] = field(default_factory=dict)


def _title(dataset: Dataset) -> str:
    return dataset.title_cy if get_language() == "cy" and dataset.title_cy else dataset.title


def _dataset_layer(dataset: Dataset) -> Layer:
    return Layer(
        slug=f"data:{dataset.slug}",
        title=_title(dataset),
        unit=dataset.unit,
        source=dataset.source,
        licence=dataset.licence,
        source_url=dataset.source_url,
        date=dataset.published_on,
        is_demo=dataset.is_demo,
        staff_only=dataset.visibility == Visibility.STAFF,
    )


def _live_layer(slug: str) -> Layer:
    layer = LIVE_LAYERS[slug]
    return Layer(
        slug=f"live:{slug}",
        title=str(layer.title),
        unit=str(layer.unit),
        source=_("Kinship Campaigns' own records"),
        is_live=True,
        is_count=layer.is_count,
        categories=tuple((value, str(words)) for value, words in layer.categories),
    )


def _datasets(kind: str, *, staff: bool) -> list[Dataset]:
    found = Dataset.objects.filter(area_kind=kind)
    return list(found if staff else found.filter(visibility=Visibility.PUBLIC))


def _live_slugs(kind: str | None) -> list[str]:
    """The live layers about this kind of area (a constituency has no scorecard of its own)."""
    return [slug for slug, layer in LIVE_LAYERS.items() if kind in layer.kinds]


def layers_available(kind: str, *, staff: bool = False) -> list[Layer]:
    """Layers for a map of this kind of area: the live figures first, then the datasets."""
    live = [_live_layer(slug) for slug in _live_slugs(kind)]
    return live + [_dataset_layer(d) for d in _datasets(kind, staff=staff)]


def _live_figure(layer: Layer, n: int) -> Figure:
    if layer.categories:
        return Figure(value=float(n), label=dict(layer.categories).get(n, str(n)))
    return count_figure(n) if layer.is_count else Figure(value=float(n))


def live_updated_at() -> dt.datetime | None:
    return LiveFigure.objects.aggregate(at=Max("computed_at"))["at"]


def layer_get(slug: str, kind: str, *, staff: bool = False) -> Layer | None:
    """A layer with its values for every area of `kind` that has one; None if unknown or hidden."""
    source, _sep, name = slug.partition(":")
    if source == "live" and name in _live_slugs(kind):
        layer = _live_layer(name)
        rows = LiveFigure.objects.filter(layer=name, area__type__in=_types(kind)).values_list(
            "area__code", "value"
        )
        layer.values = {code: _live_figure(layer, n) for code, n in rows}
        if layer.categories:  # every area has a category: the lowest where nothing is recorded
            lowest = layer.categories[0][0]
            for code, _name in map_areas_of_kind(kind):
                layer.values.setdefault(code, _live_figure(layer, lowest))
        layer.updated_at = live_updated_at()
        return layer
    if source == "data":
        dataset = next((d for d in _datasets(kind, staff=staff) if d.slug == name), None)
        if dataset is None:
            return None
        layer = _dataset_layer(dataset)
        values = DatasetValue.objects.filter(dataset=dataset).values_list("area__code", "value")
        layer.values = {code: Figure(value=v) for code, v in values}
        return layer
    return None


def _types(kind: str) -> list[str]:
    return list(AREA_TYPES_OF_KIND[kind])


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    cells: tuple[tuple[int, int], ...] = ()
    path: str = ""


_hex_memo: dict[tuple[str, bool], tuple[str, list[MapArea]]] = {}


def clear_map_memo() -> None:
    """Forget this process's hex maps (tests; an edit to the stats source does it by itself)."""
    _hex_memo.clear()


def map_hexes(kind: str) -> list[MapArea]:
    """Each area with its hexes (a county drawn from its districts has several). The same for
    every area page and map, so each process keeps it until the stats source changes."""
    welsh = get_language() == "cy"
    try:
        version = source_version("stats")
    except Exception:  # noqa: BLE001 - no shared cache: read the hexes every time
        return _read_hexes(kind, welsh=welsh)
    found = _hex_memo.get((kind, welsh))
    if found is not None and found[0] == version:
        return found[1]
    hexes = _read_hexes(kind, welsh=welsh)
    _hex_memo[(kind, welsh)] = (version, hexes)
    return hexes


def _read_hexes(kind: str, *, welsh: bool) -> list[MapArea]:
    cells: dict[str, list[tuple[int, int]]] = {}
    names: dict[str, str] = {}
    rows = HexCell.objects.filter(kind=kind).values_list(
        "area__code", "area__name", "area__name_cy", "q", "r"
    )
    for code, name, name_cy, q, r in rows.order_by("area__name", "r", "q"):
        cells.setdefault(code, []).append((q, r))
        names[code] = name_cy if welsh and name_cy else name
    return [MapArea(code=code, name=names[code], cells=tuple(c)) for code, c in cells.items()]


def map_shapes(kind: str) -> list[MapArea]:
    welsh = get_language() == "cy"
    rows = BoundaryShape.objects.filter(kind=kind).values_list(
        "area__code", "area__name", "area__name_cy", "path"
    )
    return [
        MapArea(code=code, name=name_cy if welsh and name_cy else name, path=path)
        for code, name, name_cy, path in rows.order_by("area__name")
    ]


def map_areas_of_kind(kind: str) -> list[tuple[str, str]]:
    """(code, name) of every area of this kind, for the table beside a map."""
    welsh = get_language() == "cy"
    rows = Area.objects.filter(type__in=_types(kind)).values_list("code", "name", "name_cy").order_by("name")
    return [(code, name_cy if welsh and name_cy else name) for code, name, name_cy in rows]


@dataclass(frozen=True)
class Overlap:
    code: str
    name: str
    share: float
    postcodes: int

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "share": round(self.share, 4),
            "postcodes": self.postcodes,
        }


def area_overlaps(area: Area) -> list[Overlap]:
    """The councils a constituency touches, or the constituencies a council touches, largest first."""
    if area.type == AreaType.CONSTITUENCY:
        rows = AreaOverlap.objects.filter(constituency=area).select_related("council")
        found = [Overlap(o.council.code, o.council.name, o.share_of_constituency, o.postcodes) for o in rows]
    else:
        rows = AreaOverlap.objects.filter(council=area).select_related("constituency")
        found = [
            Overlap(o.constituency.code, o.constituency.name, o.share_of_council, o.postcodes) for o in rows
        ]
    return sorted(found, key=lambda o: (-o.share, o.name))


@dataclass(frozen=True)
class AreaFigure:
    layer: Layer
    figure: Figure


def area_figures(area: Area, *, staff: bool = False) -> tuple[list[AreaFigure], list[AreaFigure]]:
    """(live figures, dataset figures) for one area."""
    kind = kind_of_area(area)
    live_values = dict(LiveFigure.objects.filter(area=area).values_list("layer", "value"))
    updated = live_updated_at()
    live = []
    for slug in _live_slugs(kind):
        layer = _live_layer(slug)
        layer.updated_at = updated
        if layer.categories:
            live.append(AreaFigure(layer, _live_figure(layer, live_values.get(slug, layer.categories[0][0]))))
        elif layer.is_count:
            live.append(AreaFigure(layer, count_figure(live_values.get(slug, 0))))
        elif slug in live_values:
            live.append(AreaFigure(layer, Figure(value=float(live_values[slug]))))
    datasets = []
    if kind is not None:
        # One query: this area's values with their datasets, in the datasets' own order.
        rows = DatasetValue.objects.filter(area=area, dataset__area_kind=kind).select_related("dataset")
        if not staff:
            rows = rows.filter(dataset__visibility=Visibility.PUBLIC)
        for row in rows.order_by("dataset__title", "dataset_id"):
            datasets.append(AreaFigure(_dataset_layer(row.dataset), Figure(value=row.value)))
    return live, datasets
