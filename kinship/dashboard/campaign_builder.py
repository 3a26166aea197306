"""The campaign builder: campaign editors create and edit a campaign (its words, asks, facts
with their sources, news and commitments), launch, schedule, close or win it, and see and
restore its history. The rules are in `campaigns.services` and `campaigns.selectors`; these
views turn their errors into messages. Every page and every POST needs
`campaigns.change_campaign`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kinship.campaigns import services
from kinship.campaigns.models import Action, Ask, Campaign, Commitment, Fact, NewsItem
from kinship.campaigns.selectors import HISTORY_KINDS, campaign_history, campaign_list_all, campaign_stage
from kinship.campaigns.services import CampaignRestoreError, CampaignScheduleError
from kinship.dashboard.campaign_builder_forms import (
    ITEM_FORMS,
    ITEM_NAMES,
    CampaignForm,
    EndForm,
    ScheduleForm,
)
from kinship.dashboard.views import staff_required

PERM = "campaigns.change_campaign"
ITEM_MODELS: dict[str, Any] = {"ask": Ask, "fact": Fact, "news": NewsItem, "commitment": Commitment}
STAGE_TAGS = {
    "draft": ("Draft", "govuk-tag--grey"),
    "scheduled": ("Scheduled", "govuk-tag--blue"),
    "live": ("Live", "govuk-tag--green"),
    "won": ("Won", "govuk-tag--purple"),
    "closed": ("Closed", "govuk-tag--orange"),
}


def _stage(campaign: Campaign) -> dict[str, str]:
    stage = campaign_stage(campaign)
    label, tag = STAGE_TAGS[stage]
    return {"key": stage, "label": label, "tag": tag}


def _builder(campaign: Campaign) -> HttpResponse:
    return redirect("dashboard:campaign_builder", campaign_id=campaign.pk)


@staff_required(PERM)
def campaign_list(request: HttpRequest) -> HttpResponse:
    rows = [
        {"campaign": c, "stage": _stage(c)}
        for c in campaign_list_all().annotate(action_count=Count("actions", distinct=True))
    ]
    return render(request, "dashboard/campaign_builder_list.html", {"rows": rows})


@staff_required(PERM)
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, f"“{campaign.title}” is saved as a draft. Only staff can see it.")
        return _builder(campaign)
    return render(request, "dashboard/campaign_builder_form.html", {"form": form, "campaign": None})


@staff_required(PERM)
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Campaign saved.")
        return _builder(campaign)
    return render(request, "dashboard/campaign_builder_form.html", {"form": form, "campaign": campaign})


@staff_required(PERM)
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    return render(
        request,
        "dashboard/campaign_builder_detail.html",
        {
            "campaign": campaign,
            "stage": _stage(campaign),
            "launch_problems": services.campaign_launch_problems(campaign=campaign),
            "asks": list(Ask.objects.filter(campaign=campaign)),
            "facts": list(Fact.objects.filter(campaign=campaign)),
            "news": list(NewsItem.objects.filter(campaign=campaign)),
            "commitments": list(Commitment.objects.filter(campaign=campaign)),
            "actions": list(Action.objects.filter(campaign=campaign)),
        },
    )


def _kind(kind: str) -> str:
    if kind not in ITEM_FORMS:
        raise Http404
    return kind


@staff_required(PERM)
def item_edit(request: HttpRequest, campaign_id: int, kind: str, item_id: int | None = None) -> HttpResponse:
    """Add (no `item_id`) or change an ask, fact, news item or commitment."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    kind = _kind(kind)
    item = get_object_or_404(ITEM_MODELS[kind], pk=item_id, campaign=campaign) if item_id else None
    form = ITEM_FORMS[kind](request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.campaign_item_save(campaign=campaign, item=form.save(commit=False))
        name = ITEM_NAMES[kind]
        messages.success(request, f"The {name} is saved." if item else f"The {name} is added.")
        return redirect(
            reverse("dashboard:campaign_builder", kwargs={"campaign_id": campaign.pk}) + f"#{kind}s"
        )
    return render(
        request,
        "dashboard/campaign_builder_item.html",
        {"form": form, "campaign": campaign, "kind": kind, "name": ITEM_NAMES[kind], "item": item},
    )


@staff_required(PERM)
def item_remove(request: HttpRequest, campaign_id: int, kind: str, item_id: int) -> HttpResponse:
    """Ask before removing; a removal can be undone from the change history."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    kind = _kind(kind)
    item = get_object_or_404(ITEM_MODELS[kind], pk=item_id, campaign=campaign)
    if request.method == "POST":
        item.delete()
        messages.success(
            request, f"The {ITEM_NAMES[kind]} is removed. You can bring it back from the change history."
        )
        return _builder(campaign)
    return render(
        request,
        "dashboard/campaign_builder_remove.html",
        {"campaign": campaign, "item": item, "name": ITEM_NAMES[kind], "kind": kind},
    )


@staff_required(PERM)
@require_POST
def item_move(request: HttpRequest, campaign_id: int, kind: str, item_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    try:
        services.campaign_item_move(
            campaign=campaign, kind=kind, item_id=item_id, up=request.POST.get("direction") == "up"
        )
    except CampaignScheduleError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("dashboard:campaign_builder", kwargs={"campaign_id": campaign.pk}) + f"#{kind}s")


@staff_required(PERM)
@require_POST
def campaign_launch(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    try:
        services.campaign_launch(campaign=campaign, by=request.user)
    except CampaignScheduleError as exc:
        messages.error(request, f"The campaign was not launched. {exc}")
    else:
        messages.success(request, "The campaign is live: anyone can see it now.")
    return _builder(campaign)


@staff_required(PERM)
def campaign_schedule(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if campaign.has_ended:
        messages.error(request, "This campaign has ended, so it cannot be scheduled.")
        return _builder(campaign)
    initial = {"launch_at": campaign.launch_at, "close_at": campaign.close_at}
    form = ScheduleForm(request.POST or None, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_schedule(
                campaign=campaign,
                by=request.user,
                launch_at=data.get("launch_at") if "launch_at" in form.fields else campaign.launch_at,
                close_at=data.get("close_at"),
            )
        except CampaignScheduleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The schedule is saved.")
            return _builder(campaign)
    return render(request, "dashboard/campaign_builder_schedule.html", {"form": form, "campaign": campaign})


@staff_required(PERM)
def campaign_end(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Close a live campaign now, or mark a live or closed one as won."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if campaign_stage(campaign) in {"draft", "scheduled", "won"}:
        messages.error(request, "Only a campaign that is live (or closed, to mark it as won) can end.")
        return _builder(campaign)
    how = request.GET.get("how", "closed" if campaign.status == "live" else "won")
    form = EndForm(request.POST or None, initial={"how": how, "outcome": campaign.outcome})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["how"] == "won":
                services.campaign_mark_won(
                    campaign=campaign, by=request.user, outcome=data["outcome"], outcome_cy=data["outcome_cy"]
                )
            else:
                services.campaign_close(campaign=campaign, by=request.user, outcome=data["outcome"])
        except CampaignScheduleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "The campaign is marked as won." if data["how"] == "won" else "The campaign is closed.",
            )
            return _builder(campaign)
    return render(request, "dashboard/campaign_builder_end.html", {"form": form, "campaign": campaign})


@staff_required(PERM)
def campaign_history_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    return render(
        request,
        "dashboard/campaign_builder_history.html",
        {"campaign": campaign, "entries": campaign_history(campaign=campaign)},
    )


@staff_required(PERM)
def campaign_restore(request: HttpRequest, campaign_id: int, kind: str, history_id: int) -> HttpResponse:
    """Show the version and ask to confirm; the POST restores it (a new history entry)."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    if kind not in HISTORY_KINDS:
        raise Http404
    record: Any = (
        HISTORY_KINDS[kind].history.select_related("history_user").filter(history_id=history_id).first()
    )
    owner = None if record is None else (record.id if kind == "campaign" else record.campaign_id)
    if owner != campaign.pk:
        raise Http404
    if request.method == "POST":
        try:
            services.campaign_restore(campaign=campaign, history_id=history_id, by=request.user, kind=kind)
        except CampaignRestoreError as exc:
            messages.error(request, f"Nothing was restored. {exc}")
        else:
            messages.success(request, "The earlier version is back. Its restore is in the change history.")
        return redirect("dashboard:campaign_builder_history", campaign_id=campaign.pk)
    form_class = CampaignForm if kind == "campaign" else ITEM_FORMS[kind]
    fields = [
        (form_class.base_fields[name].label or name, getattr(record, name)) for name in form_class.base_fields
    ]
    return render(
        request,
        "dashboard/campaign_builder_restore.html",
        {
            "campaign": campaign,
            "record": record,
            "kind_name": "campaign" if kind == "campaign" else ITEM_NAMES[kind],
            "removal": record.history_type == "-",
            "fields": fields,
        },
    )
