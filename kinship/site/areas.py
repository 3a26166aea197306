"""Maps and area pages: where kinship families are, how their councils are doing and where people
are campaigning. They combine geography (places), representatives (people), campaigns (actions
open there) and stats (figures, overlaps, map shapes); the rules live in those apps."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from kinship.campaigns.selectors import actions_for_postcode
from kinship.core.pagecache import area_page_seconds, cached_page
from kinship.core.privacy import csv_safe
from kinship.geography.forms import PostcodeForm
from kinship.geography.messages import OUTCOME_MESSAGES
from kinship.geography.models import Area
from kinship.geography.selectors import area_get
from kinship.geography.services import area_ref
from kinship.geography.types import PostcodeOutcome, PostcodeResult
from kinship.representatives.selectors import representative_to_json, representatives_for_postcode
from kinship.scorecard.selectors import Scorecard, assessment_scorecard, published_assessment_for
from kinship.stats import mapdraw
from kinship.stats.models import AreaKind
from kinship.stats.selectors import (
    AreaFigure,
    area_figures,
    area_overlaps,
    kind_of_area,
    layer_get,
    layers_available,
    map_areas_of_kind,
    map_hexes,
    map_shapes,
)

MAP_KINDS = (AreaKind.CONSTITUENCY, AreaKind.COUNCIL)


def _is_staff(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.has_perm("stats.view_dataset"))


def _area_url(code: str) -> str:
    return reverse("areas:detail", kwargs={"code": code})


def _postcode_jump(request: HttpRequest, kind: str) -> tuple[PostcodeForm, HttpResponse | None]:
    """The postcode box on the map: straight to the area page for that postcode, or an error."""
    form = PostcodeForm(request.GET if request.GET.get("postcode") else None)
    if not form.is_bound or not form.is_valid() or form.result is None:
        return form, None
    result = form.result
    ref = result.constituency if kind == AreaKind.CONSTITUENCY else result.childrens_services_authority
    if ref is None:
        ref = result.constituency or result.childrens_services_authority
    if ref is None:
        # Say why in the words the lookup uses for this outcome (Scotland, a new postcode...).
        reason = OUTCOME_MESSAGES.get(result.outcome) if result.outcome != PostcodeOutcome.LIVE else None
        form.add_error(
            "postcode",
            str(reason) if reason else _("We could not find an area on our maps for that postcode."),
        )
        return form, None
    return form, HttpResponseRedirect(_area_url(ref.code))


@require_GET
def maps(request: HttpRequest) -> HttpResponse:
    """The map page: a hex map (or, when asked, the geographic map) of one layer, its legend, a
    sortable table with the same figures, and a postcode box. Everything is drawn on the server,
    so it all works without JavaScript; the script only adds a caption on hover and focus."""
    kind = request.GET.get("area", AreaKind.CONSTITUENCY)
    if kind not in MAP_KINDS:
        kind = AreaKind.CONSTITUENCY
    form, jump = _postcode_jump(request, kind)
    if jump is not None:
        return jump
    staff = _is_staff(request)
    layers = layers_available(kind, staff=staff)
    wanted = request.GET.get("layer") or _default_layer(layers)
    layer = layer_get(wanted, kind, staff=staff) or layer_get(layers[0].slug, kind, staff=staff)
    assert layer is not None  # the live layers always exist
    geographic = request.GET.get("view") == "geographic"
    scale = mapdraw.scale_for(layer)
    shapes = map_shapes(kind) if geographic else map_hexes(kind)
    drawn = (mapdraw.draw_shapes if geographic else mapdraw.draw_hexes)(shapes, layer, scale)
    rows = _table_rows(kind, layer, request.GET.get("sort", "name"))
    context = {
        "form": form,
        "kind": kind,
        "kinds": [(k, AreaKind(k).label) for k in MAP_KINDS],
        "layers": layers,
        "layer": layer,
        "scale": scale,
        "map": drawn,
        "geographic": geographic,
        "rows": rows,
        "sort": request.GET.get("sort", "name"),
    }
    return render(request, "site/maps.html", context)


def _default_layer(layers: list[Any]) -> str:
    """The first public dataset (how many kinship families), else supporters."""
    datasets = [layer for layer in layers if not layer.is_live and not layer.staff_only]
    return datasets[0].slug if datasets else layers[0].slug


def _table_rows(kind: str, layer: Any, sort: str) -> list[dict[str, Any]]:
    rows = []
    for code, name in map_areas_of_kind(kind):
        figure = layer.values.get(code)
        rows.append({"code": code, "name": name, "figure": figure, "url": _area_url(code)})
    if sort == "value":
        rows.sort(
            key=lambda r: (
                r["figure"] is None or r["figure"].value is None,
                -(r["figure"].value or 0) if r["figure"] else 0,
                r["name"],
            )
        )
    return rows


def _area_or_404(code: str) -> Area:
    area = area_get(code=code.upper())
    if area is None or kind_of_area(area) is None:
        raise Http404("No such area")
    return area


def _people(area: Area) -> list[Any]:
    ref = area_ref(area)
    if kind_of_area(area) == AreaKind.CONSTITUENCY:
        senedd = area_ref(area.senedd_constituency) if area.senedd_constituency else None
        result = PostcodeResult(
            postcode="", outcome=PostcodeOutcome.LIVE, constituency=ref, senedd_constituency=senedd
        )
    else:
        result = PostcodeResult(postcode="", outcome=PostcodeOutcome.LIVE, childrens_services_authority=ref)
    return [entry for entry in representatives_for_postcode(result) if not entry.is_officer]


def _figure_json(item: AreaFigure) -> dict[str, Any]:
    layer = item.layer
    return {
        "layer": layer.slug,
        "title": layer.title,
        "unit": layer.unit,
        "source": layer.source,
        "licence": layer.licence or None,
        "date": layer.date.isoformat() if layer.date else None,
        "updated_at": layer.updated_at.isoformat() if layer.updated_at else None,
        "demo": layer.is_demo,
        **item.figure.as_json(),
    }


def area_summary(area: Area, *, staff: bool = False) -> dict[str, Any]:
    """What an area page shows, as data: the JSON API, the CSV download and the page share it."""
    live, datasets = area_figures(area, staff=staff)
    kind = kind_of_area(area)
    return {
        "code": area.code,
        "name": area.name,
        "name_cy": area.name_cy or None,
        "type": kind,
        "area_type": area.type,
        "people": [representative_to_json(entry) for entry in _people(area)],
        "datasets": [_figure_json(item) for item in datasets],
        "live": [_figure_json(item) for item in live],
        "overlaps": [o.as_json() for o in area_overlaps(area)],
        "overlaps_of": "councils" if kind == AreaKind.CONSTITUENCY else "constituencies",
    }


@require_GET
@cached_page(
    sources=("campaigns", "petitions", "stats", "scorecard", "representatives"), fresh=area_page_seconds
)
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = _area_or_404(code)
    staff = _is_staff(request)
    live, datasets = area_figures(area, staff=staff)
    context = {
        "area": area,
        "kind": kind_of_area(area),
        "people": _people(area),
        "live": live,
        "datasets": datasets,
        "overlaps": area_overlaps(area),
        "actions": actions_for_postcode(result=_nation_only_result(area)),
        "scorecard": _scorecard(area),
        "locator": mapdraw.draw_locator(map_hexes(kind_of_area(area) or AreaKind.CONSTITUENCY), area.code),
    }
    return render(request, "site/area_detail.html", context)


def _scorecard(area: Area) -> Scorecard | None:
    """The council's published scorecard, if it has one (None for constituencies)."""
    if kind_of_area(area) != AreaKind.COUNCIL:
        return None
    assessment = published_assessment_for(council_code=area.code)
    return assessment_scorecard(assessment) if assessment else None


def _nation_only_result(area: Area) -> PostcodeResult:
    """Enough of a lookup to list the actions open to people in this area's nation."""
    ref = area_ref(area)
    if kind_of_area(area) == AreaKind.CONSTITUENCY:
        return PostcodeResult(postcode="", outcome=PostcodeOutcome.LIVE, constituency=ref)
    return PostcodeResult(postcode="", outcome=PostcodeOutcome.LIVE, childrens_services_authority=ref)


@require_GET
def area_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The figures on an area page as CSV (cells that a spreadsheet would run are neutralised)."""
    area = _area_or_404(code)
    summary = area_summary(area, staff=_is_staff(request))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows: list[list[object]] = [
        ["area_code", "area_name", "section", "item", "value", "unit", "source", "date"]
    ]
    base: list[object] = [area.code, area.name]
    for item in [*summary["live"], *summary["datasets"]]:
        value = item["text"] if item["suppressed"] else item["value"]
        section = "live" if item["layer"].startswith("live:") else "dataset"
        when = item["date"] or item["updated_at"] or ""
        rows.append([*base, section, item["title"], value, item["unit"], item["source"], when])
    for overlap in summary["overlaps"]:
        item = f"{overlap['name']} ({overlap['code']})"
        rows.append(
            [*base, "overlap", item, overlap["share"], "share of postcodes", "ONS Postcode Directory", ""]
        )
    for person in summary["people"]:
        if not person["gap"]:
            rows.append(
                [
                    *base,
                    "person",
                    person["role"],
                    person["name"],
                    "",
                    person["source"],
                    person["checked_on"] or "",
                ]
            )
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="area-{area.code}.csv"'
    return response


@require_safe
def area_api(request: HttpRequest, code: str) -> JsonResponse:
    """GET /api/v1/areas/<gss>: the area, its people, datasets, live figures and overlaps."""
    area = area_get(code=code.upper())
    if area is None or kind_of_area(area) is None:
        return JsonResponse(
            {"error": {"code": "area_not_found", "message": "No constituency or council has that code."}},
            status=404,
        )
    response = JsonResponse(area_summary(area))
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response
