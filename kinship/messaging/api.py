"""The JSON API for actions: list open actions, and submit a message (for the embeddable widget).

No CSRF token: a submission only stores a message and emails the address given, and nothing
is sent until that address confirms. The same rate limits and rules as the web form apply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kinship.campaigns.models import Action, ActionKind
from kinship.campaigns.selectors import action_get_public_cached, action_list_open
from kinship.core.api import json_body
from kinship.core.forms import bound_form
from kinship.core.ratelimit import client_ip, retry_after_seconds
from kinship.messaging import conf, services
from kinship.messaging.forms import ApiSubmissionForm, template_prompts
from kinship.messaging.services import RateDecision, submission_rate_policy
from kinship.messaging.targets import Problem, Resolution, resolve_targets

FIELDS = (
    "postcode",
    "first_name",
    "last_name",
    "email",
    "address_line1",
    "address_line2",
    "town",
    "subject",
    "body",
    "consent_contact",
    "website",
)


# The JSON types the OpenAPI document gives (SubmissionRequest); anything else is a 400, so the
# API never takes a request the document calls invalid (a number for a name, an object for targets).
_TEXT_FIELDS = (*[f for f in FIELDS if f not in {"consent_contact", "website"}], "council")
_MESSAGE_REQUIRED = ("first_name", "last_name", "address_line1", "town", "subject", "body")


def _type_errors(payload: dict[str, Any]) -> dict[str, list[str]]:
    errors = {
        k: ["Send this as text."] for k in _TEXT_FIELDS if k in payload and not isinstance(payload[k], str)
    }
    if "consent_contact" in payload and not isinstance(payload["consent_contact"], bool):
        errors["consent_contact"] = ["Send true or false."]
    targets = payload.get("targets", [])
    if not isinstance(targets, list) or not all(isinstance(key, str) for key in targets):
        errors["targets"] = ["Send a list of the keys of the people to write to."]
    return errors


def _is_a_signature(payload: dict[str, Any]) -> bool:
    """A petition signature's shape (SignatureRequest) sent to an action that takes a message."""
    return all(isinstance(payload.get(k), str) for k in ("name", "email", "postcode")) and any(
        k not in payload for k in _MESSAGE_REQUIRED
    )


def _payload_problem(payload: Any) -> JsonResponse | None:
    """Why this JSON cannot be a message at all, before the form's own rules."""
    if not isinstance(payload, dict):
        return _errors({"__all__": ["Send a JSON object."]})
    if _is_a_signature(payload):
        return _errors({"__all__": ["This action takes a written message, not a signature."]}, 422)
    if wrong := _type_errors(payload):
        return _errors(wrong)
    return None


def action_to_json(action: Action) -> dict[str, Any]:
    return {
        "slug": action.slug,
        "title": action.title,
        "type": action.kind,
        "campaign": action.campaign.slug,
        "target_roles": list(action.target_roles or []),
        "nations": action.nations,
        "opens_at": action.opens_at.isoformat() if action.opens_at else None,
        "closes_at": action.closes_at.isoformat() if action.closes_at else None,
    }


@require_http_methods(["GET"])
def actions_list(request: HttpRequest) -> JsonResponse:
    actions = action_list_open()
    return JsonResponse({"actions": [action_to_json(a) for a in actions]})


def _errors(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


# The API cannot ask the web form's question, so over the soft limit it refuses too, saying so.
_RATE_MESSAGES = {
    RateDecision.REFUSE: (
        "Too many messages in a short time. Please wait an hour and try again.",
        conf.rate_submit_email,
    ),
    RateDecision.ASK_QUESTION: (
        "Too many messages from your connection in a short time. Please wait an hour and try again, "
        "or use the form on our website.",
        conf.rate_submit_ip,
    ),
}


def _rate_limited(decision: RateDecision) -> JsonResponse | None:
    """429 with a clear error when the submission rate policy does not allow this one."""
    if decision == RateDecision.ALLOW:
        return None
    message, rate = _RATE_MESSAGES[decision]
    response = _errors({"__all__": [message]}, 429)
    response["Retry-After"] = str(retry_after_seconds(rate()))
    return response


# A well-formed postcode the directory does not know is a 404 and one no longer used a 410, as
# at /postcodes/{postcode}; anything else well formed that this action cannot take (a nation
# it does not cover, nobody reachable, a council to choose, none of the chosen people) is a
# 422. A 400 is only ever a request that breaks the OpenAPI document.
_PROBLEM_STATUS = {Problem.NOT_FOUND: 404, Problem.TERMINATED: 410, Problem.INVALID: 400}


def _resolution_problem(resolution: Resolution) -> JsonResponse:
    return _errors({"postcode": [resolution.problem_message]}, _PROBLEM_STATUS.get(resolution.problem, 422))


SubmissionHandler = Callable[[HttpRequest, Action], JsonResponse]
# Action kinds whose submissions an upper floor takes (a petition's signatures), registered in
# that app's AppConfig.ready(): one URL for every action, and messaging imports nothing above it.
_SUBMISSION_HANDLERS: dict[str, SubmissionHandler] = {}


def submission_handler_register(*, kind: str, handler: SubmissionHandler) -> None:
    """Let `handler(request, action)` answer POST /api/v1/actions/<slug>/submissions for `kind`."""
    _SUBMISSION_HANDLERS[kind] = handler


@csrf_exempt
@require_http_methods(["POST"])
def submission_create(request: HttpRequest, slug: str) -> JsonResponse:
    try:
        action = action_get_public_cached(slug=slug)
    except Action.DoesNotExist:
        return JsonResponse({"errors": {"__all__": ["No such action"]}}, status=404)
    return _SUBMISSION_HANDLERS.get(action.kind, _message_submission_create)(request, action)


def _message_submission_create(request: HttpRequest, action: Action) -> JsonResponse:
    if not action.sends_email and action.kind != ActionKind.LETTER:
        return _errors({"__all__": ["This action does not take written messages."]}, 422)
    try:
        payload = json_body(request)
    except (ValueError, UnicodeDecodeError):
        return _errors({"__all__": ["Send a JSON object."]})
    problem = _payload_problem(payload)
    if problem is not None:
        return problem
    data = {k: payload[k] for k in FIELDS if k in payload and isinstance(payload[k], str | bool | int)}
    if isinstance(data.get("consent_contact"), bool):
        data["consent_contact"] = "on" if data["consent_contact"] else ""
    keys = payload.get("targets")
    form = bound_form(
        ApiSubmissionForm, {k: str(v) for k, v in data.items()}, placeholders=template_prompts(action)
    )
    if not form.is_valid():
        return _errors({k: [str(e) for e in v] for k, v in form.errors.items()})
    # The postcode is looked up only once the rest of the request is valid.
    council = str(payload["council"]) if isinstance(payload.get("council"), str) else ""
    resolution = resolve_targets(action=action, postcode=form.cleaned_data["postcode"], council=council)
    if not resolution.ok:
        return _resolution_problem(resolution)
    if form.is_bot():
        return JsonResponse({"id": None, "status": "awaiting_confirmation", "targets": []}, status=202)
    email = form.cleaned_data["email"]
    limited = _rate_limited(submission_rate_policy.decide(ip=client_ip(request), email=email))
    if limited is not None:
        return limited
    target_keys = [str(k) for k in keys] if isinstance(keys, list) else None
    try:
        submission = services.submission_create(
            action=action,
            data=services.SubmissionInput(
                postcode=resolution.postcode,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                email=email,
                address_line1=form.cleaned_data["address_line1"],
                address_line2=form.cleaned_data["address_line2"],
                town=form.cleaned_data["town"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                consent_contact=form.cleaned_data["consent_contact"],
                target_keys=target_keys,
                council=resolution.chosen_council,
            ),
            language=get_language() or settings.LANGUAGE_CODE,
            source="api",
            resolution=resolution,
        )
    except services.TargetsError as exc:
        return _resolution_problem(exc.resolution)
    except services.NoTargetsChosenError:
        return _errors({"targets": ["Choose at least one person to write to."]}, 422)
    except services.MessageTooLongError as exc:
        return _errors(
            {"body": [f"The message is longer than {exc.limit} characters once merge fields are filled in."]}
        )
    return JsonResponse(
        {
            "id": submission.pk,
            "status": "awaiting_confirmation",
            "targets": [
                {"name": m.recipient_name, "role": m.recipient_role, "area": m.recipient_area_name}
                for m in getattr(submission, "created_messages", [])
            ],
        },
        status=202,
    )
