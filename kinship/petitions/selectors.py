"""Petitions' reads: a public petition, its total, counts by area (small numbers suppressed),
signers' names where shown, and the suspicious clusters staff review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone

from kinship.campaigns import conf as campaigns_conf
from kinship.campaigns.models import CampaignStatus
from kinship.core.counters import counter_value
from kinship.core.memo import ShortMemo
from kinship.petitions import conf, rules
from kinship.petitions.models import AreaCount, AreaType, Petition, Signature, SignatureStatus

# Big webmail providers: many signatures from one of them in an hour is normal, not a cluster.
COMMON_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.co.uk",
        "yahoo.com",
        "yahoo.co.uk",
        "icloud.com",
        "me.com",
        "btinternet.com",
        "aol.com",
        "sky.com",
        "virginmedia.com",
        "protonmail.com",
    }
)


def petition_get_public(*, slug: str) -> Petition:
    """A published petition on a public campaign (open or not); raises Petition.DoesNotExist."""
    return (
        Petition.objects.select_related("action", "action__campaign", "action__target_office")
        .exclude(action__campaign__status=CampaignStatus.DRAFT)
        .get(action__slug=slug, action__is_published=True)
    )


# Signing at a peak: the petition (with its action and campaign) kept per process for a few
# seconds, as actions are (KINSHIP_ACTION_CACHE_SECONDS); a save in this process clears it at
# once (PetitionsConfig.ready). Whether it is open is still decided per request from its dates.
_PETITION_MEMO: ShortMemo[Petition] = ShortMemo(campaigns_conf.action_cache_seconds)


def clear_petition_cache(**_kwargs: Any) -> None:
    _PETITION_MEMO.clear()


def petition_get_public_cached(*, slug: str) -> Petition:
    """`petition_get_public`, memoised per process for a few seconds; raises Petition.DoesNotExist."""
    return _PETITION_MEMO.get(slug, lambda: petition_get_public(slug=slug))


def petition_total(*, petition: Petition) -> int:
    """The total shown: exact and live (the sharded counter), or the last periodic count."""
    if conf.live_count():
        return counter_value(key=petition.action.counter_key)
    return petition.counted_total


def counts_age_seconds(*, petition: Petition, now: dt.datetime | None = None) -> int | None:
    """Seconds since the counts by area were made (None: never)."""
    if petition.counted_at is None:
        return None
    return max(0, int(((now or timezone.now()) - petition.counted_at).total_seconds()))


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    count: int | None  # None: fewer than 5, not shown


_AREA_FIELDS = ("code", "name", "count")


def _area_row(code: str, name: str, count: int) -> AreaRow:
    """An area's count as the public may see it (small numbers hidden)."""
    return AreaRow(code=code, name=name, count=rules.shown_count(count))


def area_counts(*, petition: Petition, area_type: str) -> list[AreaRow]:
    """Confirmed signatures by constituency or council, largest first; small numbers hidden."""
    # Tuples, not model instances: with all 650 constituencies 1.3 ms instead of 3.9 ms on
    # PostgreSQL, for the read behind the petition page and its counts API.
    rows = AreaCount.objects.filter(petition=petition, area_type=area_type).values_list(*_AREA_FIELDS)
    return [_area_row(*row) for row in rows]


def area_count(*, petition: Petition, area_type: str, code: str) -> AreaRow | None:
    found = (
        AreaCount.objects.filter(petition=petition, area_type=area_type, code=code)
        .values_list(*_AREA_FIELDS)
        .first()
    )
    return _area_row(*found) if found else None


def signatures_by_area(*, area_type: str) -> dict[str, int]:
    """Confirmed signatures on every petition by constituency or council code, as of each
    petition's last count (for a map layer; suppress small numbers where it is shown)."""
    rows = (
        AreaCount.objects.filter(area_type=area_type)
        .values("code")
        .annotate(n=Sum("count"))
        .values_list("code", "n")
    )
    return {code: int(n) for code, n in rows}


def constituency_counts_exact(*, petition: Petition) -> list[AreaCount]:
    """Exact counts by constituency (for the hand-in and MPs' emails), largest first."""
    return list(AreaCount.objects.filter(petition=petition, area_type=AreaType.CONSTITUENCY))


def public_names(*, petition: Petition) -> list[str]:
    """Names of confirmed signers who asked to be shown, where the petition allows it."""
    if not petition.names_public:
        return []
    return list(
        Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED, show_name=True)
        .exclude(name="")
        .order_by("name")
        .values_list("name", flat=True)
    )


# ---------------------------------------------------------------- staff review


@dataclass(frozen=True)
class Cluster:
    kind: str  # "ip" or "domain"
    value: str
    hour: dt.datetime
    count: int


def _cluster_rows(petition: Petition, field: str, since: dt.datetime, minimum: int) -> list[dict[str, Any]]:
    present: dict[str, Any] = {"ip__isnull": False} if field == "ip" else {f"{field}__gt": ""}
    rows = (
        Signature.objects.filter(petition=petition, created_at__gte=since)
        .exclude(status=SignatureStatus.VOIDED)
        .filter(**present)
        .annotate(hour=TruncHour("created_at"))
        .values(field, "hour")
        .annotate(n=Count("id"))
        .filter(n__gte=minimum)
        .order_by("-n")
    )
    return [dict(row) for row in rows]


def suspicious_clusters(*, petition: Petition, now: dt.datetime | None = None) -> list[Cluster]:
    """Many signatures (not voided) from one connection, or one email domain other than the big
    webmail providers, within one clock hour, over the last few days; biggest first."""
    since = (now or timezone.now()) - dt.timedelta(days=conf.cluster_lookback_days())
    minimum = conf.cluster_min_size()
    clusters = [
        Cluster(kind="ip", value=str(row["ip"]), hour=row["hour"], count=row["n"])
        for row in _cluster_rows(petition, "ip", since, minimum)
    ]
    clusters += [
        Cluster(kind="domain", value=row["email_domain"], hour=row["hour"], count=row["n"])
        for row in _cluster_rows(petition, "email_domain", since, minimum)
        if row["email_domain"] not in COMMON_DOMAINS
    ]
    return sorted(clusters, key=lambda c: -c.count)


def cluster_signature_ids(*, petition: Petition, kind: str, value: str, hour: dt.datetime) -> list[int]:
    """The signatures (not voided) in one cluster."""
    field = "ip" if kind == "ip" else "email_domain"
    return list(
        Signature.objects.filter(
            petition=petition,
            created_at__gte=hour,
            created_at__lt=hour + dt.timedelta(hours=1),
            **{field: value},
        )
        .exclude(status=SignatureStatus.VOIDED)
        .values_list("pk", flat=True)
    )


def held_signatures(*, petition: Petition) -> QuerySet[Signature]:
    return Signature.objects.filter(petition=petition, status=SignatureStatus.HELD).order_by("created_at")


def signatures_for_export(*, petition: Petition) -> QuerySet[Signature]:
    return Signature.objects.filter(petition=petition).order_by("created_at", "id")


def petition_list_staff() -> QuerySet[Petition]:
    return Petition.objects.select_related("action", "action__campaign").order_by("-created_at")


def petitions_with_held_signatures() -> list[tuple[Petition, int]]:
    """Petitions with signatures held for review, and how many each has (the staff console's
    moderation queue links to each petition's review page)."""
    petitions = (
        Petition.objects.filter(signatures__status=SignatureStatus.HELD)
        .annotate(held=Count("signatures"))
        .select_related("action")
        .order_by("-held", "pk")
    )
    return [(p, p.held) for p in petitions]  # type: ignore[attr-defined]
