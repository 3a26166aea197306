""" "What is working": joins, submissions, confirmations, deliveries, bounces and replies over
time, the funnel, rates and top areas, for every campaign, one campaign or one action. Read from
kinship.messaging's and kinship.supporters' daily rollups (one row per local day and action or
campaign), which the page first brings up to date from the records changed since their last
refresh, so the figures are the live counts without counting every message in the period; this
module only lays the figures out as charts, tables and CSV. The share of kinship carers counts
sign-ups: across every campaign, a person who joined two campaigns in the period counts twice.
Staff-only English."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kinship.campaigns.models import Action
from kinship.core.conf import setting_int
from kinship.core.privacy import csv_safe
from kinship.dashboard import charts
from kinship.dashboard.forms import WorkingFilterForm
from kinship.dashboard.views import staff_required
from kinship.messaging.selectors import (
    Funnel,
    messaging_daily_activity,
    messaging_daily_figures_by_action,
    messaging_daily_funnel,
    messaging_daily_top_areas,
)
from kinship.messaging.services.rollup import messaging_rollup_refresh
from kinship.supporters.rollup import signups_rollup_refresh
from kinship.supporters.selectors import signups_daily_carer_share, signups_daily_joins

PERM = "campaigns.view_campaign"
MEASURES = [
    ("joins", "Joins"),
    ("submissions", "Submissions"),
    ("confirmations", "Confirmations"),
    ("deliveries", "Deliveries"),
    ("bounces", "Bounces"),
    ("replies", "Replies"),
    ("followups", "Reply follow-ups sent"),
    ("no_replies", "No reply"),
]


@dataclass
class Table:
    key: str
    caption: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    numeric_from: int = 1  # columns from this one on are figures

    @property
    def labelled_rows(self) -> list[list[tuple[str, Any, bool]]]:
        """Each cell with its column's heading (shown beside it on a phone) and whether it is a figure."""
        return [
            [(h, v, i >= self.numeric_from) for i, (h, v) in enumerate(zip(self.headers, row, strict=True))]
            for row in self.rows
        ]


def _rate(value: float | None) -> str:
    return "not enough data" if value is None else f"{value * 100:.1f}%"


def _funnel_row(funnel: Funnel) -> list[Any]:
    return [
        funnel.submitted,
        funnel.confirmed,
        _rate(funnel.confirmation_rate),
        funnel.delivered,
        funnel.messages_reached,
        funnel.messages_replied,
        _rate(funnel.reply_rate),
    ]


FUNNEL_HEADERS = [
    "Submitted",
    "Confirmed",
    "Confirmation rate",
    "Delivered (submissions)",
    "Messages reached",
    "Replies",
    "Reply rate",
]


def working_lag_seconds() -> int:
    """How old the figures may be before a read brings them up to date itself (0: every read)."""
    return setting_int("KINSHIP_WORKING_LAG_SECONDS", 60)


def _figures(data: dict[str, Any]) -> dict[str, Any]:
    action = data.get("action")
    campaign = action.campaign if action else data.get("campaign")
    scope: dict[str, Any] = {
        "campaign_id": campaign.pk if campaign else None,
        "action_id": action.pk if action else None,
    }
    # Read-through: the rollups first count in whatever changed since they were last brought up
    # to date, unless that was within KINSHIP_WORKING_LAG_SECONDS (the worker does it every
    # minute, so a read rarely pays for recounting today); the page says how fresh they are.
    lag = working_lag_seconds()
    as_of = min(
        messaging_rollup_refresh(max_lag_seconds=lag),
        signups_rollup_refresh(max_lag_seconds=lag),
    )
    days = {"first": data["start"], "last": data["end"]}
    daily = {"joins": signups_daily_joins(**days, campaign_id=scope["campaign_id"])}
    daily.update(messaging_daily_activity(**days, **scope))
    spans = charts.periods(data["start"], data["end"])
    labels = [span.label for span in spans]
    series = {key: charts.per_period(daily[key], spans) for key, _title in MEASURES}
    activity = Table(
        "activity",
        "Each measure by " + ("week" if len(spans) and spans[0].first != spans[0].last else "day"),
        ["Period"] + [title for _key, title in MEASURES],
        [[label] + [series[key][i] for key, _t in MEASURES] for i, label in enumerate(labels)],
    )
    funnel = messaging_daily_funnel(**days, **scope)
    funnel_table = Table("funnel", "Submitted, confirmed, delivered and replied", FUNNEL_HEADERS, [], 0)
    funnel_table.rows = [_funnel_row(funnel)]
    by_action = messaging_daily_figures_by_action(**days, campaign_id=scope["campaign_id"])
    if action:
        by_action = {k: v for k, v in by_action.items() if k == action.pk}
    # Only the titles: whole actions (every field made into a model) were most of what this page's
    # time grew by once every action had figures.
    titles = dict(Action.objects.filter(pk__in=list(by_action)).values_list("pk", "title"))
    actions = Table(
        "actions",
        "By action",
        ["Action", *FUNNEL_HEADERS],
        [[titles[pk], *_funnel_row(f)] for pk, f in by_action.items() if pk in titles],
    )
    carers, joined = signups_daily_carer_share(**days, campaign_id=scope["campaign_id"])
    share = _rate(carers / joined if joined else None)
    caption = "Kinship carers among those who joined"
    if campaign is None:
        caption += " (sign-ups: someone who joined two campaigns counts twice)"
    joiners = Table("carers", caption, ["Joined", "Kinship carers", "Share"])
    joiners.rows, joiners.numeric_from = [[joined, carers, share]], 0
    tables = [activity, funnel_table, actions, joiners]
    for key, column, heading in (
        ("constituencies", "constituency_name", "Constituency"),
        ("councils", "council_name", "Council"),
    ):
        rows = messaging_daily_top_areas(field=column, **days, **scope)
        caption = f"Top {key} by confirmed submissions"
        tables.append(Table(key, caption, [heading, "Confirmed submissions"], [list(r) for r in rows]))
    return {
        "as_of": as_of,
        "campaign": campaign,
        "action": action,
        "funnel": funnel,
        "charts": [charts.bar_chart(title, labels, series[key]) for key, title in MEASURES],
        "tables": tables,
        "confirmation_rate": _rate(funnel.confirmation_rate),
        "reply_rate": _rate(funnel.reply_rate),
        "carers": carers,
        "joined": joined,
        "carer_share": share,
    }


def _csv(table: Table, data: dict[str, Any]) -> HttpResponse:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_safe(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([csv_safe(v) for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"working-{table.key}-{data['start'].isoformat()}-to-{data['end'].isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required(PERM)
def working(request: HttpRequest) -> HttpResponse:
    form = WorkingFilterForm(request.GET)  # every field may be left out: the last 30 days
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        context.update(_figures(data), data=data)
        wanted = request.GET.get("csv")
        for table in context["tables"]:
            if table.key == wanted:
                return _csv(table, data)
        query = request.GET.copy()
        query.pop("csv", None)
        context["query"] = query.urlencode()
    return render(request, "dashboard/working.html", context)
