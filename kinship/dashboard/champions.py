"""Staff pages for Campaign Champions: offers waiting for a decision (approve or decline) and the
approved champions by council. They call kinship.supporters' champion services. Staff-only English."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kinship.dashboard.views import staff_required
from kinship.supporters import champions

PERM = "supporters.approve_champion"


@staff_required(PERM)
def champion_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboard/champion_list.html",
        {
            "pending": list(champions.champions_pending()[:500]),
            "approved": list(champions.champions_approved()[:500]),
        },
    )


def _decide(request: HttpRequest, champion_id: int, *, approve: bool) -> HttpResponse:
    by = str(request.user.get_username())
    try:
        if approve:
            champion = champions.champion_approve(champion_id=champion_id, by=by)
            messages.success(
                request,
                f"{champion.name} is now a champion for {champion.council_name}; we have emailed them their page.",
            )
        else:
            champion = champions.champion_decline(champion_id=champion_id, by=by)
            messages.success(request, f"Declined {champion.name}'s offer.")
    except champions.ChampionDecidedError:
        messages.error(request, "Someone has already decided on that offer.")
    except champions.Champion.DoesNotExist:
        messages.error(request, "That offer no longer exists.")
    return redirect("dashboard:champions")


@require_POST
@staff_required(PERM)
def champion_approve(request: HttpRequest, champion_id: int) -> HttpResponse:
    return _decide(request, champion_id, approve=True)


@require_POST
@staff_required(PERM)
def champion_decline(request: HttpRequest, champion_id: int) -> HttpResponse:
    return _decide(request, champion_id, approve=False)
