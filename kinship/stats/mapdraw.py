"""Drawing maps as SVG on the server: hexagon geometry (hexjson odd-r) and an accessible colour
scale. Pure functions: the page template only places what these return."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kinship.stats.projection import MAP_HEIGHT, project
from kinship.stats.selectors import Figure, Layer, MapArea

# ColorBrewer "Purples", 5 classes: colour-blind safe, ordered light to dark, and every class
# is also named in the legend and the table, so no one depends on telling colours apart.
PALETTE = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
SUPPRESSED_FILL = "#bdbdbd"
NO_DATA_FILL = "#ffffff"
HEX_SIZE = 10.0
_ROOT3 = math.sqrt(3)


def hex_points(q: int, r: int, *, top_row: int, left_q: int) -> str:
    """The corners of a pointy-topped hexagon. In hexjson rows count upwards (north is a higher
    r), and in the odd-r layout odd rows sit half a hexagon to the right."""
    cx = _ROOT3 * HEX_SIZE * ((q - left_q) + (0.5 if r % 2 else 0.0)) + HEX_SIZE * _ROOT3
    cy = 1.5 * HEX_SIZE * (top_row - r) + HEX_SIZE * 1.2
    corners = []
    for corner in range(6):
        angle = math.radians(60 * corner - 30)
        corners.append(f"{cx + HEX_SIZE * math.cos(angle):.1f},{cy + HEX_SIZE * math.sin(angle):.1f}")
    return " ".join(corners)


@dataclass(frozen=True)
class Band:
    label: str
    fill: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Scale:
    bands: tuple[Band, ...]

    def band_for(self, figure: Figure | None) -> Band:
        if figure is None or (figure.value is None and not figure.suppressed):
            return self.bands[-1]  # no figure
        if figure.suppressed:
            return self.bands[-2]
        for band in self.bands[:-2]:
            if band.high is not None and figure.value is not None and figure.value <= band.high:
                return band
        return self.bands[-3]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _category_scale(layer: Layer) -> Scale:
    """One band per category, lightest for the lowest (e.g. "Not started")."""
    palette = PALETTE[-len(layer.categories) :] if len(layer.categories) <= len(PALETTE) else PALETTE
    bands = [
        Band(label=words, fill=palette[min(index, len(palette) - 1)], low=value, high=value)
        for index, (value, words) in enumerate(layer.categories)
    ]
    return Scale(
        bands=(
            *bands,
            Band(label=_("fewer than 5"), fill=SUPPRESSED_FILL),
            Band(label=_("no figure"), fill=NO_DATA_FILL),
        )
    )


def scale_for(layer: Layer) -> Scale:
    """Up to five classes of equal count (quantiles), then "fewer than 5" and "no figure"."""
    if layer.categories:
        return _category_scale(layer)
    values = sorted(f.value for f in layer.values.values() if f.value is not None)
    bands: list[Band] = []
    if values:
        distinct = sorted(set(values))
        classes = min(len(PALETTE), len(distinct))
        cuts = [distinct[-1]] if classes == 1 else []
        if classes > 1:
            cuts = sorted(
                {
                    values[min(len(values) - 1, math.ceil(len(values) * k / classes) - 1)]
                    for k in range(1, classes + 1)
                }
            )
        palette = PALETTE[len(PALETTE) - len(cuts) :] if len(cuts) < len(PALETTE) else PALETTE
        low = values[0]
        for cut, fill in zip(cuts, palette, strict=True):
            label = (
                _fmt(low) if low == cut else _("%(low)s to %(high)s") % {"low": _fmt(low), "high": _fmt(cut)}
            )
            bands.append(Band(label=label, fill=fill, low=low, high=cut))
            low = next((v for v in distinct if v > cut), cut)
    bands.append(Band(label=_("fewer than 5"), fill=SUPPRESSED_FILL))
    bands.append(Band(label=_("no figure"), fill=NO_DATA_FILL))
    return Scale(bands=tuple(bands))


@dataclass(frozen=True)
class DrawnArea:
    code: str
    name: str
    figure_text: str
    fill: str
    shapes: tuple[str, ...]  # polygon points (hex) or one path (geographic)


@dataclass(frozen=True)
class DrawnMap:
    view_box: str
    areas: tuple[DrawnArea, ...]
    is_hex: bool

    def polygons(self) -> SafeString:
        """Every hex as SVG markup (escaped here): the locator on each area page has 650 of them,
        which in a template loop was most of an uncached area page's render time."""
        return mark_safe(  # noqa: S308 - every value is escaped in it
            "".join(
                f'<polygon points="{escape(points)}" fill="{escape(item.fill)}"/>'
                for item in self.areas
                for points in item.shapes
            )
        )


def draw_hexes(areas: list[MapArea], layer: Layer, scale: Scale) -> DrawnMap:
    cells = [cell for area in areas for cell in area.cells]
    if not cells:
        return DrawnMap(view_box="0 0 10 10", areas=(), is_hex=True)
    top = max(r for _, r in cells)
    bottom = min(r for _, r in cells)
    left = min(q for q, _ in cells)
    right = max(q for q, _ in cells)
    width = _ROOT3 * HEX_SIZE * (right - left + 2.5)
    height = 1.5 * HEX_SIZE * (top - bottom) + HEX_SIZE * 2.6
    drawn = []
    for area in areas:
        figure = layer.values.get(area.code)
        band = scale.band_for(figure)
        shapes = tuple(hex_points(q, r, top_row=top, left_q=left) for q, r in area.cells)
        drawn.append(
            DrawnArea(area.code, area.name, figure.text if figure else _("no figure"), band.fill, shapes)
        )
    return DrawnMap(view_box=f"0 0 {width:.0f} {height:.0f}", areas=tuple(drawn), is_hex=True)


def draw_shapes(areas: list[MapArea], layer: Layer, scale: Scale) -> DrawnMap:
    right, _bottom = project(2.1, 49.8)
    drawn = []
    for area in areas:
        figure = layer.values.get(area.code)
        band = scale.band_for(figure)
        drawn.append(
            DrawnArea(
                area.code, area.name, figure.text if figure else _("no figure"), band.fill, (area.path,)
            )
        )
    return DrawnMap(view_box=f"0 0 {right:.0f} {MAP_HEIGHT:.0f}", areas=tuple(drawn), is_hex=False)


HIGHLIGHT_FILL = "#54278f"
BACKGROUND_FILL = "#dcdcdc"


def draw_locator(areas: list[MapArea], code: str) -> DrawnMap | None:
    """Where one area is: the whole hex map in grey with this area in the darkest colour
    (people often do not know where their constituency is). None when it has no hexes."""
    if not any(area.code == code for area in areas):
        return None
    layer = Layer(slug="locator", title="", unit="", source="")
    drawn = draw_hexes(areas, layer, scale_for(layer))
    return DrawnMap(
        view_box=drawn.view_box,
        areas=tuple(
            DrawnArea(a.code, a.name, "", HIGHLIGHT_FILL if a.code == code else BACKGROUND_FILL, a.shapes)
            for a in drawn.areas
        ),
        is_hex=True,
    )
