"""The scorecard's own public pages (only its data and the places below it): the allowance gap
calculator and its anonymous answers. Pages combining apps (a council's page with its people,
the postcode checker) live in kinship.site."""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinship.core.privacy import csv_safe
from kinship.core.ratelimit import client_ip, rate_limit_exceeded
from kinship.geography.models import CHILDRENS_SERVICES_TYPES, AreaType
from kinship.geography.selectors import area_get
from kinship.scorecard import allowances, conf, scoring, selectors, services, tokens
from kinship.scorecard.forms import AllowanceAnswerForm, CalculatorForm
from kinship.scorecard.models import AllowanceRegion, Assessment, AssessmentStatus


def _calculation(form: CalculatorForm) -> dict[str, Any]:
    council = form.council_area
    assert council is not None
    age = form.cleaned_data["age"]
    region = selectors.council_allowance_region(council)
    today = timezone.localdate()
    rate = selectors.allowance_rate_on(age=age, region=region, on=today)
    latest = rate is None
    if rate is None:
        rate = selectors.allowance_rate_latest(age=age, region=region)
    received = form.cleaned_data.get("received")
    gap = (
        allowances.allowance_gap(minimum_weekly=rate.weekly_gbp, received_weekly=received)
        if rate is not None and received is not None
        else None
    )
    median, answers = selectors.allowance_median(council=council)
    return {
        "council": council,
        "age": age,
        "region_label": AllowanceRegion(region).label,
        "rate": rate,
        "not_current": latest and rate is not None,
        "current_year": allowances.tax_year_for(today),
        "received": received,
        "gap": gap,
        "median": median,
        "answers": answers,
        "median_min": allowances.MEDIAN_MIN_ANSWERS,
        "answer_form": AllowanceAnswerForm(
            initial={"council": council.code, "age": age, "received": received}
        )
        if received
        else None,
        "two_tier": form.lookup is not None and form.lookup.is_two_tier,
        "lookup": form.lookup,
    }


@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    """Council or postcode, the child's age and (optionally) the weekly amount → the minimum and the gap."""
    asked = any(key in request.GET for key in ("age", "council", "postcode"))
    form = CalculatorForm(request.GET if asked else None)
    context: dict[str, Any] = {"form": form}
    if asked and form.is_valid():
        context.update(_calculation(form))
    return render(request, "scorecard/calculator.html", context, status=400 if form.errors else 200)


@require_POST
def allowance_answer(request: HttpRequest) -> HttpResponse:
    """A carer's consented, anonymous answer: kept for their council's typical amount."""
    form = AllowanceAnswerForm(request.POST)
    base = reverse("scorecard:calculator")
    if not form.is_valid():
        query = {k: request.POST.get(k, "") for k in ("council", "age", "received")}
        if "consent" in form.errors and len(form.errors) == 1:
            messages.error(request, str(form.errors["consent"][0]))
        else:
            messages.error(
                request, _("Something went wrong with that answer. Please try the calculator again.")
            )
        return HttpResponseRedirect(f"{base}?{urlencode(query)}")
    data = form.cleaned_data
    query = {"council": data["council"], "age": data["age"], "received": data["received"]}
    council = area_get(code=data["council"])
    rate = selectors.allowance_rate_latest(
        age=data["age"], region=selectors.council_allowance_region(council) if council else ""
    )
    if council is None or rate is None:
        messages.error(request, _("Something went wrong with that answer. Please try the calculator again."))
        return HttpResponseRedirect(base)
    if rate_limit_exceeded(
        scope="allowance_answer", identity=client_ip(request), rate=conf.rate_allowance_answer()
    ):
        messages.error(request, _("Thank you. We already have answers from you today."))
        return HttpResponseRedirect(f"{base}?{urlencode(query)}")
    services.allowance_answer_record(
        council=council, age_band=rate.age_band, weekly_gbp=data["received"], consent=data["consent"]
    )
    messages.success(request, _("Thank you. Your answer has been added anonymously."))
    return HttpResponseRedirect(f"{base}?{urlencode(query)}")


# ---------------------------------------------------------------- the council's right of reply


def _reply_assessment(token: str) -> Assessment | None:
    try:
        assessment_id = tokens.reply_token_read(token)
    except (tokens.ReplyLinkExpiredError, tokens.ReplyLinkInvalidError):
        return None
    return Assessment.objects.select_related("council").filter(pk=assessment_id).first()


def _reply_replies(request: HttpRequest, assessment: Assessment) -> dict[int, services.ReplyInput]:
    replies = {}
    for answer in assessment.answers.all():
        choice = request.POST.get(f"agree-{answer.pk}", "")
        if choice not in ("yes", "no"):
            continue
        url = request.POST.get(f"evidence-{answer.pk}", "").strip()[:500]
        if url and not url.startswith(("http://", "https://")):
            url = ""
        replies[answer.pk] = services.ReplyInput(
            agrees=choice == "yes",
            comment=request.POST.get(f"comment-{answer.pk}", "")[:4000],
            evidence_url=url,
        )
    return replies


@never_cache
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, token: str) -> HttpResponse:
    """A council officer's right of reply, reached by the signed link staff sent them."""
    assessment = _reply_assessment(token)
    if assessment is None:
        return render(request, "scorecard/reply_problem.html", status=404)
    if assessment.status != AssessmentStatus.WITH_COUNCIL:
        return render(request, "scorecard/reply_closed.html", {"assessment": assessment})
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.council_reply_save(
                assessment=assessment,
                replies=_reply_replies(request, assessment),
                responder_role=request.POST.get("responder_role", "")[:200],
                comment=request.POST.get("comment", "")[:4000],
            )
        except services.IncompleteError as exc:
            errors = exc.problems
        except services.WrongStateError:
            return render(request, "scorecard/reply_closed.html", {"assessment": assessment})
        else:
            return render(request, "scorecard/reply_thanks.html", {"assessment": assessment})
    card = selectors.assessment_scorecard(assessment)
    context = {"assessment": assessment, "card": card, "errors": errors, "post": request.POST}
    response = render(request, "scorecard/reply.html", context, status=400 if errors else 200)
    return response


# ---------------------------------------------------------------- the national table and its CSV

TYPE_CHOICES = [(t.value, t.label) for t in AreaType if t.value in CHILDRENS_SERVICES_TYPES]


@require_GET
def table(request: HttpRequest) -> HttpResponse:
    """Every council's rating, sortable by score or name and filterable by type and region (no JavaScript)."""
    sort = request.GET.get("sort", "-score")
    sort = sort if sort in selectors.SORTS else "-score"
    council_type = request.GET.get("type", "")
    council_type = council_type if council_type in CHILDRENS_SERVICES_TYPES else ""
    region = request.GET.get("region", "")
    region = region if region in AllowanceRegion.values else ""
    rows = selectors.national_table(sort=sort, council_type=council_type, region=region)
    context = {
        "rows": rows,
        "sort": sort,
        "council_type": council_type,
        "region": region,
        "types": TYPE_CHOICES,
        "regions": AllowanceRegion.choices,
        "published": sum(1 for r in rows if r.rating),
        "filters": urlencode({k: v for k, v in (("type", council_type), ("region", region)) if v}),
    }
    return render(request, "scorecard/table.html", context)


CSV_COLUMNS = ["council_code", "council_name", "council_type", "score_percent", "rating", "checked_on"]


@require_GET
def table_csv(request: HttpRequest) -> HttpResponse:
    """Every published result, one row per council and criterion, formula-safe for spreadsheets."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kinship-council-scorecard.csv"'
    writer = csv.writer(response)
    writer.writerow(
        CSV_COLUMNS
        + [
            "section",
            "criterion",
            "answer",
            "points",
            "available",
            "evidence_url",
            "evidence_seen_on",
            "council_agrees",
        ]
    )
    for card in selectors.published_scorecards():
        assessment = card.assessment
        head = [
            assessment.council.code,
            assessment.council.name,
            assessment.council.type,
            card.percent,
            card.rating_words,
            assessment.checked_on,
        ]
        for section in card.sections:
            for row in section.criteria:
                answer, reply = row.answer, getattr(row.answer, "reply", None) if row.answer else None
                values = [
                    section.title,
                    row.criterion.question,
                    answer.option.label if answer and answer.option else "",
                    row.score.earned.normalize(),
                    row.score.available,
                    answer.evidence_url if answer else "",
                    answer.evidence_seen_on if answer else "",
                    "" if reply is None else ("yes" if reply.agrees else "no"),
                ]
                writer.writerow([csv_safe(v) for v in head + values])
    return response


@require_GET
def how_we_score(request: HttpRequest) -> HttpResponse:
    context = {
        "criteria": selectors.active_criteria(),
        "ratings": [(low, words) for low, _key, words in scoring.RATINGS],
    }
    return render(request, "scorecard/how_we_score.html", context)
