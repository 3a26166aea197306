"""The guided steps, "Campaign in your council": postcode → who → what → how (→ when) → write.

One question per page, plain forms that work without JavaScript; the answers so far travel in
the query string (and as hidden fields when writing), and every step checks them again. The
message goes through messaging's services: the carer confirms it by email before it is sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kinship.core.ratelimit import client_ip
from kinship.localcampaigns import services
from kinship.localcampaigns.forms import HowForm, MeetingForm, WhatForm, WhoForm
from kinship.localcampaigns.selectors import (
    CouncilNotFoundError,
    CouncilPeople,
    CouncilPerson,
    council_people,
)
from kinship.localcampaigns.toolkit import (
    ADVICE,
    ASK_EXPLAINED,
    PROMPT,
    Ask,
    MeetingDetails,
    Method,
    draft_message,
)
from kinship.messaging import services as messaging
from kinship.messaging.forms import ComposeForm, PostcodeForm
from kinship.messaging.services import RateDecision, submission_rate_policy

FLOW_FIELDS = ("postcode", "who", "ask", "method", "group_name", "date", "time", "place")


@dataclass
class Flow:
    """The answers so far, checked."""

    data: QueryDict
    people: CouncilPeople
    person: CouncilPerson | None = None
    ask: str = ""
    method: str = ""
    meeting: MeetingDetails | None = None

    def query(self, *names: str) -> str:
        return urlencode([(n, self.data.get(n, "")) for n in names if self.data.get(n)])

    def hidden(self) -> list[tuple[str, str]]:
        return [(n, self.data.get(n, "")) for n in FLOW_FIELDS if self.data.get(n)]


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _step_url(name: str, flow: Flow, *fields: str) -> str:
    return f"{reverse(f'localcampaigns:{name}')}?{flow.query(*fields)}"


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    return render(request, f"localcampaigns/{template}", {"advice": ADVICE, **context}, status=status)


def _start_page(request: HttpRequest, form: PostcodeForm, status: int = 200) -> HttpResponse:
    return _render(request, "guide_start.html", {"form": form}, status=status)


def _who_page(request: HttpRequest, flow: Flow, form: WhoForm, status: int = 200) -> HttpResponse:
    back = f"{reverse('localcampaigns:start')}?{flow.query('postcode')}"
    return _render(request, "guide_who.html", {"flow": flow, "form": form, "back": back}, status=status)


def _what_page(request: HttpRequest, flow: Flow, form: WhatForm, status: int = 200) -> HttpResponse:
    assert flow.person is not None
    rows = [(value, label, ASK_EXPLAINED.get(value, "")) for value, label in form.fields["ask"].choices]  # type: ignore[attr-defined]
    back = _step_url("who", flow, "postcode", "who")
    context = {
        "flow": flow,
        "form": form,
        "rows": rows,
        "back": back,
        "scorecard_gaps": flow.people.known_gaps,
    }
    return _render(request, "guide_what.html", context, status=status)


def _how_page(request: HttpRequest, flow: Flow, form: HowForm, status: int = 200) -> HttpResponse:
    rows = [(value, label, "") for value, label in form.fields["method"].choices]  # type: ignore[attr-defined]
    back = _step_url("what", flow, "postcode", "who", "ask")
    return _render(
        request, "guide_how.html", {"flow": flow, "form": form, "rows": rows, "back": back}, status=status
    )


def _when_page(request: HttpRequest, flow: Flow, form: MeetingForm, status: int = 200) -> HttpResponse:
    back = _step_url("how", flow, "postcode", "who", "ask", "method")
    return _render(request, "guide_when.html", {"flow": flow, "form": form, "back": back}, status=status)


def _walk(request: HttpRequest, data: QueryDict, *, through: str) -> Flow | HttpResponse:
    """Check the answers up to `through` in order; the first one missing or wrong sends the
    carer back to that question with its error."""
    postcode_form = PostcodeForm(data)
    if not postcode_form.is_valid():
        return _start_page(request, postcode_form, status=400)
    try:
        people = council_people(postcode=postcode_form.cleaned_data["postcode"])
    except CouncilNotFoundError as exc:
        postcode_form.add_error("postcode", exc.message)
        return _start_page(request, postcode_form, status=400)
    flow = Flow(data=data, people=people)
    if through == "postcode":
        return flow
    who = WhoForm(data, people=people)
    if not who.is_valid():
        return _who_page(request, flow, who, status=400)
    flow.person = people.person(who.cleaned_data["who"])
    assert flow.person is not None
    if through == "who":
        return flow
    what = WhatForm(data, person=flow.person)
    if not what.is_valid():
        return _what_page(request, flow, what, status=400)
    flow.ask = what.cleaned_data["ask"]
    if through == "what":
        return flow
    how = HowForm(data, person=flow.person)
    if not how.is_valid():
        return _how_page(request, flow, how, status=400)
    flow.method = how.cleaned_data["method"]
    if through == "how" or flow.method != Method.INVITATION:
        return flow
    meeting = MeetingForm(data)
    if not meeting.is_valid():
        return _when_page(request, flow, meeting, status=400)
    flow.meeting = meeting.details()
    return flow


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return _start_page(request, PostcodeForm(initial={"postcode": request.GET.get("postcode", "")}))


@require_GET
def who(request: HttpRequest) -> HttpResponse:
    flow = _walk(request, request.GET, through="postcode")
    if isinstance(flow, HttpResponse):
        return flow
    return _who_page(request, flow, WhoForm(people=flow.people, initial={"who": request.GET.get("who")}))


@require_GET
def what(request: HttpRequest) -> HttpResponse:
    flow = _walk(request, request.GET, through="who")
    if isinstance(flow, HttpResponse):
        return flow
    assert flow.person is not None
    return _what_page(request, flow, WhatForm(person=flow.person, initial={"ask": request.GET.get("ask")}))


@require_GET
def how(request: HttpRequest) -> HttpResponse:
    flow = _walk(request, request.GET, through="what")
    if isinstance(flow, HttpResponse):
        return flow
    assert flow.person is not None
    return _how_page(
        request, flow, HowForm(person=flow.person, initial={"method": request.GET.get("method")})
    )


@require_GET
def when(request: HttpRequest) -> HttpResponse:
    flow = _walk(request, request.GET, through="how")
    if isinstance(flow, HttpResponse):
        return flow
    if flow.method != Method.INVITATION:
        return redirect(_step_url("write", flow, "postcode", "who", "ask", "method"))
    initial = {n: request.GET.get(n) for n in ("group_name", "date", "time", "place") if request.GET.get(n)}
    return _when_page(request, flow, MeetingForm(initial=initial))


def _compose_form(flow: Flow, data: QueryDict | None = None) -> ComposeForm:
    assert flow.person is not None
    target = flow.person.target
    choices = [(target.key, f"{target.name} – {target.role_label}")]
    if data is not None:
        return ComposeForm(data, target_choices=choices, placeholders=[str(PROMPT)])
    subject, body = draft_message(
        ask=flow.ask,
        method=flow.method,
        council=flow.people.council_name,
        role=target.role_label,
        meeting=flow.meeting,
        known_gaps=flow.people.known_gaps if flow.ask == Ask.INFORMATION else [],
    )
    return ComposeForm(
        initial={"postcode": flow.people.postcode, "targets": [target.key], "subject": subject, "body": body},
        target_choices=choices,
    )


def _write_page(
    request: HttpRequest, flow: Flow, form: ComposeForm, status: int = 200, **extra: Any
) -> HttpResponse:
    back_fields = ("postcode", "who", "ask", "method")
    back = _step_url("when" if flow.method == Method.INVITATION else "how", flow, *back_fields)
    if flow.method == Method.INVITATION:
        back = f"{back}&{flow.query('group_name', 'date', 'time', 'place')}"
    context = {"flow": flow, "form": form, "back": back, "is_letter": flow.method == Method.LETTER, **extra}
    return _render(request, "guide_write.html", context, status=status)


@require_http_methods(["GET", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    flow = _walk(request, data, through="write")
    if isinstance(flow, HttpResponse):
        return flow
    assert flow.person is not None
    if flow.method == Method.PHONE:
        _subject, script = draft_message(
            ask=flow.ask,
            method=flow.method,
            council=flow.people.council_name,
            role=flow.person.target.role_label,
        )
        back = _step_url("how", flow, "postcode", "who", "ask", "method")
        return _render(request, "guide_phone.html", {"flow": flow, "back": back, "script": script})
    if request.method == "GET":
        return _write_page(request, flow, _compose_form(flow))
    form = _compose_form(flow, request.POST)
    if not form.is_valid():
        return _write_page(request, flow, form, status=400)
    if form.is_bot():
        return _render(request, "guide_check_email.html", {"flow": flow})
    data_in = messaging.SubmissionInput(
        postcode=flow.people.postcode,
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
        email=form.cleaned_data["email"],
        address_line1=form.cleaned_data["address_line1"],
        address_line2=form.cleaned_data["address_line2"],
        town=form.cleaned_data["town"],
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
        consent_contact=form.cleaned_data["consent_contact"],
    )
    if "send" not in request.POST:
        previews = messaging.message_preview(
            action=services.toolkit_action_preview(method=flow.method),
            resolution=flow.people.resolution,
            data=data_in,
            targets=[flow.person.target],
        )
        preview = [{"to": t.name, "subject": s, "body": b} for t, s, b in previews]
        return _write_page(request, flow, form, preview=preview)
    if _rate_limited(request, form):
        return _write_page(request, flow, form, status=429)
    try:
        submission = services.guided_message_create(
            people=flow.people,
            person=flow.person,
            method=flow.method,
            data=data_in,
            language=_language(),
            meeting=flow.meeting,
        )
    except services.ToolkitUnavailableError:
        form.add_error(
            None, _("Sending through the toolkit is not available just now. Please try again later.")
        )
        return _write_page(request, flow, form, status=503)
    except (messaging.TargetsError, messaging.NoTargetsChosenError):
        form.add_error(
            None, _("We cannot send to this person just now. Please go back and choose someone else.")
        )
        return _write_page(request, flow, form, status=400)
    if flow.method == Method.LETTER:
        return redirect(messaging.letter_ready_path(submission))
    return _render(request, "guide_check_email.html", {"flow": flow})


def _rate_limited(request: HttpRequest, form: ComposeForm) -> bool:
    """Messaging's one submission rate policy, as on its own writing page."""
    answered = bool(form.data.get("challenge")) and form.challenge_passed()
    decision = submission_rate_policy.decide(
        ip=client_ip(request), email=form.cleaned_data["email"], question_answered=answered
    )
    if decision == RateDecision.REFUSE:
        form.add_error(
            None,
            _("We have had a lot of messages from you in a short time. Please wait an hour and try again."),
        )
        return True
    if decision == RateDecision.ASK_QUESTION:
        form.set_challenge()
        form.add_error("challenge_answer", _("Please answer the question to show you are a person."))
        return True
    return False
