"""The platform's own figures by area ("live layers"), each computed by one function here from
the records of the app that owns them. A periodic job stores them as LiveFigure snapshots, so a
map or area page reads one small table and never counts rows while a visitor waits.

Other apps' layers (champions, journey statuses, scorecard ratings) register here too, once
those apps exist: a layer is a name, its words, and a function giving {area code: count}."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kinship.geography.models import Postcode
from kinship.geography.selectors import areas_by_code
from kinship.geography.services import childrens_services_authority_resolve
from kinship.localcampaigns.models import CouncilStatus, JourneyEntry
from kinship.localcampaigns.selectors import council_statuses
from kinship.messaging.models import Message, ReplyAnswer, Submission, SubmissionStatus
from kinship.petitions.models import AreaType as PetitionAreaType
from kinship.petitions.selectors import signatures_by_area
from kinship.scorecard.selectors import ratings_by_council
from kinship.stats.models import AreaKind
from kinship.supporters.champions import champions_approved
from kinship.supporters.models import SignupStatus, Supporter

Counts = dict[str, int]


@dataclass(frozen=True)
class LiveLayer:
    slug: str
    title: object  # lazy translation
    unit: object
    by_kind: Callable[[str], Counts]
    # Counts of people or actions are suppressed under 5; a score is not a count of people.
    is_count: bool = True
    # A layer of categories (value → words, lowest first) rather than amounts.
    categories: tuple[tuple[int, object], ...] = ()
    # The kinds of area it is about (a council's scorecard or campaign status has no constituency form).
    kinds: tuple[str, ...] = (AreaKind.CONSTITUENCY, AreaKind.COUNCIL)


def _places_of_postcodes(counts: Counter[str], kind: str) -> Counts:
    """Counts per postcode → counts per constituency or council, through the postcode file."""
    areas = areas_by_code()
    out: Counter[str] = Counter()
    postcodes = list(counts)
    for start in range(0, len(postcodes), 5000):
        chunk = postcodes[start : start + 5000]
        rows = Postcode.objects.filter(postcode__in=chunk).values_list(
            "postcode", "county", "district", "ward", "constituency"
        )
        for postcode, county, district, ward, constituency in rows:
            if kind == AreaKind.CONSTITUENCY:
                code = constituency
            else:
                council = childrens_services_authority_resolve(
                    county=county, district=district, ward=ward, areas=areas
                )
                code = council.ref.code if council else None
            if code:
                out[code] += counts[postcode]
    return dict(out)


def supporters_by_area(kind: str) -> Counts:
    """Supporters who confirmed joining a campaign and gave a postcode (erased people excluded)."""
    per_postcode = Counter(
        dict(
            Supporter.objects.filter(erased_at__isnull=True, signups__status=SignupStatus.CONFIRMED)
            .exclude(postcode="")
            .values("postcode")
            .annotate(n=Count("id", distinct=True))
            .values_list("postcode", "n")
        )
    )
    return _places_of_postcodes(per_postcode, kind)


def _by_submission_area(rows: Iterable[tuple[str, int]]) -> Counts:
    return {code: n for code, n in rows if code}


def _submission_field(kind: str, prefix: str = "") -> str:
    return prefix + ("constituency_code" if kind == AreaKind.CONSTITUENCY else "council_code")


def actions_by_area(kind: str) -> Counts:
    """Confirmed actions (one per submission, however many people it wrote to)."""
    field = _submission_field(kind)
    rows = (
        Submission.objects.filter(status=SubmissionStatus.CONFIRMED)
        .values(field)
        .annotate(n=Count("id"))
        .values_list(field, "n")
    )
    return _by_submission_area(rows)


def replies_by_area(kind: str) -> Counts:
    """Messages the writer told us were answered."""
    field = _submission_field(kind, "submission__")
    rows = (
        Message.objects.filter(reply_answer__in=[ReplyAnswer.YES_HELPED, ReplyAnswer.YES_UNANSWERED])
        .values(field)
        .annotate(n=Count("id"))
        .values_list(field, "n")
    )
    return _by_submission_area(rows)


def scorecard_by_area(kind: str) -> Counts:
    """Published council scorecards, as the overall percentage (councils only)."""
    if kind != AreaKind.COUNCIL:
        return {}
    return {
        code: int(round(rating.percent))
        for code, rating in ratings_by_council().items()
        if rating.percent is not None
    }


def champions_by_area(kind: str) -> Counts:
    """Approved Campaign Champions: by the council they campaign in, or by their postcode's constituency."""
    approved = champions_approved().order_by()  # no ordering: it would split the GROUP BY
    if kind == AreaKind.COUNCIL:
        rows = approved.values("council_code").annotate(n=Count("id")).values_list("council_code", "n")
        return {code: n for code, n in rows if code}
    per_postcode = Counter(
        dict(approved.values("postcode").annotate(n=Count("id")).values_list("postcode", "n"))
    )
    return _places_of_postcodes(per_postcode, kind)


def signatures_by_area_kind(kind: str) -> Counts:
    """Confirmed petition and open-letter signatures (as of each petition's last count)."""
    area_type = PetitionAreaType.CONSTITUENCY if kind == AreaKind.CONSTITUENCY else PetitionAreaType.COUNCIL
    return signatures_by_area(area_type=area_type)


def journey_status_by_area(kind: str) -> Counts:
    """How far local campaigning has gone at each council (carers' journey logs), as a status."""
    if kind != AreaKind.COUNCIL:
        return {}
    codes = list(
        JourneyEntry.objects.exclude(council_code="").values_list("council_code", flat=True).distinct()
    )
    return {code: int(status) for code, status in council_statuses(council_codes=codes).items()}


LIVE_LAYERS: dict[str, LiveLayer] = {}


def live_layer_register(layer: LiveLayer) -> None:
    LIVE_LAYERS[layer.slug] = layer


for _layer in (
    LiveLayer("supporters", _("Supporters"), _("supporters"), supporters_by_area),
    LiveLayer("actions", _("Actions taken"), _("actions"), actions_by_area),
    LiveLayer("replies", _("Replies received"), _("replies"), replies_by_area),
    LiveLayer("signatures", _("Petition signatures"), _("signatures"), signatures_by_area_kind),
    LiveLayer("champions", _("Campaign Champions"), _("champions"), champions_by_area),
    LiveLayer(
        "scorecard",
        _("Council scorecard"),
        _("% score"),
        scorecard_by_area,
        is_count=False,
        kinds=(AreaKind.COUNCIL,),
    ),
    LiveLayer(
        "journey",
        _("Local campaigning"),
        "",
        journey_status_by_area,
        is_count=False,
        categories=tuple((int(status), status.label) for status in CouncilStatus),
        kinds=(AreaKind.COUNCIL,),
    ),
):
    live_layer_register(_layer)
