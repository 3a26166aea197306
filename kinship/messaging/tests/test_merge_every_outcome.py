"""Issue 10, defect 2: no drafted text ever has a blank hole. Every demo action's suggested
texts (each language and variant, and the phone script) are drafted and composed for every
kind of postcode outcome: two-tier, unitary, Welsh, council unknown, terminated, Scottish
(in the file and not), Northern Irish, non-geographic. Where we cannot tell the council, the
page asks the carer to choose it (the choice on "Your area" travels in the action links) and
until then the sentence naming it is left out; the council's people are never silently dropped."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.utils import translation

from kinship.campaigns.demo.content import load_demo_campaigns
from kinship.campaigns.models import Action, ActionKind, Campaign
from kinship.campaigns.tests.factories import ActionFactory
from kinship.geography.tests.factories import PostcodeFactory
from kinship.messaging import services
from kinship.messaging.merge import MERGE_FIELDS, merge
from kinship.messaging.models import Submission
from kinship.messaging.targets import Problem, resolve_targets, usable_targets
from kinship.representatives.demo import load_demo_people

pytestmark = pytest.mark.django_db

OUTCOMES = {
    "two-tier": "XX1 1AA",
    "unitary": "XX2 1AA",
    "Welsh": "XX3 1AA",
    "council unknown": "XX4 1AA",
    "terminated": "XX9 9ZZ",
    "Scottish": "XY1 1AA",
    "Scottish, not in the postcode file": "EH1 1YZ",
    "Northern Irish": "XZ1 1AA",
    "non-geographic": "XX6 1AA",
    "not found": "XX7 7ZZ",
}
EXAMPLEBOROUGH = "E06900001"


@pytest.fixture
def demo(demo_places):  # type: ignore[no-untyped-def]
    load_demo_people()
    load_demo_campaigns()
    # A non-geographic postcode (a PO box): ONSPD places it in no council, constituency or country.
    PostcodeFactory(
        postcode="XX6 1AA", country=None, county=None, district=None, ward=None, constituency=None
    )
    campaign = Campaign.objects.get(slug="value-our-love")
    # Beside the demo actions, one that uses every merge field there is, in both languages.
    every = " ".join(f"{name}: {{{{ {name} }}}}." for name in MERGE_FIELDS)
    ActionFactory(
        campaign=campaign,
        slug="every-merge-field",
        target_roles=["mp", "lead_member_children", "leader", "ward_councillor", "ms"],
        subject_template="{{ recipient_role }} for {{ council }} in {{ constituency }}",
        body_template=f"I am writing to {{{{ recipient_name }}}} in {{{{ council }}}}.\n\n{every}",
        subject_template_cy="{{ recipient_role }} dros {{ council }} yn {{ constituency }}",
        body_template_cy=f"Rwy'n ysgrifennu at {{{{ recipient_name }}}} yn {{{{ council }}}}.\n\n{every}",
        phone_script=f"Hello {{{{ recipient_name }}}}. {every}",
    )
    return list(Action.objects.filter(campaign=campaign).prefetch_related("variants"))


def holes(text: str) -> list[str]:
    """Signs of an empty merge field: markers left, doubled spaces, "of ." and the like."""
    found = []
    if re.search(r"\{\{|\}\}", text):
        found.append("a merge marker")
    if re.search(r"[^\n ] {2,}\S", text) or re.search(r"^ +\S|\S +$", text, re.MULTILINE):
        found.append("doubled or stray spaces")
    if re.search(r"\s[.,;:!?]", text):
        found.append("a space before punctuation")
    if re.search(r"\b(?:of|in|at|for|to|yn|ym|o|i)(?:\s+[.,;:]|\s*$)", text, re.IGNORECASE):
        found.append('"of ." or "in ,"')
    if "()" in text or re.search(r"\b(?:make sure|Dear|Annwyl)\s*[,.]", text):
        found.append("a word with nothing after it")
    return found


def suggested_texts(action: Action) -> list[tuple[str, str, str]]:
    """(language, subject, body) for every suggested text the action has."""
    texts = [("en-gb", action.subject_template, action.body_template)]
    if action.subject_template_cy or action.body_template_cy:
        texts.append(
            ("cy", action.subject_template_cy or action.subject_template, action.body_template_cy or "")
        )
    texts += [(v.language, v.subject_template, v.body_template) for v in action.variants.all()]
    return [(language, subject, body) for language, subject, body in texts if subject or body]


def sender(postcode: str) -> Submission:
    return Submission(first_name="Gwen", last_name="O'Brien", address_line1="1 Maple Road", postcode=postcode)


def check_action_for_postcode(action: Action, label: str, postcode: str, council: str = "") -> list[str]:
    problems: list[str] = []
    resolution = resolve_targets(action=action, postcode=postcode, council=council)
    if not resolution.ok:
        if not resolution.problem_message:
            problems.append(f"{action.slug} × {label}: refused without a reason")
        return problems
    targets = usable_targets(action, resolution.targets)
    for language, subject, body in suggested_texts(action):
        with translation.override(language):
            shared = services.merge_values(
                target=targets[0] if len(targets) == 1 else None, resolution=resolution, sender_name=""
            )
            shared.pop("sender_name")
            for part, text in (("subject", subject), ("body", body)):
                drafted = re.sub(r"\{\{\s*(?:recipient_\w+|sender_name)\s*\}\}", "Alex", merge(text, shared))
                problems += [
                    f"{action.slug} × {label} ({language} draft {part}): {h}" for h in holes(drafted)
                ]
                if text.strip() and not drafted.strip():
                    problems.append(f"{action.slug} × {label} ({language} draft {part}): nothing left")
            for target in targets:
                sent_subject, sent_body = services.message_texts(
                    subject=subject,
                    body=body,
                    target=target,
                    resolution=resolution,
                    submission=sender(resolution.postcode),
                    letter=action.kind == ActionKind.LETTER,
                )
                for part, text in (("subject", sent_subject), ("body", sent_body)):
                    problems += [
                        f"{action.slug} × {label} ({language} to {target.role} {part}): {h}"
                        for h in holes(text)
                    ]
    if action.phone_script:
        for target in targets:
            values = services.merge_values(target=target, resolution=resolution, sender_name="")
            script = merge(action.phone_script, values)
            problems += [f"{action.slug} × {label} (phone script): {h}" for h in holes(script)]
    return problems


def test_no_drafted_or_sent_text_has_a_hole_for_any_action_and_any_postcode(demo):
    assert len(demo) >= 7
    problems: list[str] = []
    for action in demo:
        for label, postcode in OUTCOMES.items():
            problems += check_action_for_postcode(action, label, postcode)
        problems += check_action_for_postcode(action, "council chosen", "XX4 1AA", council=EXAMPLEBOROUGH)
        problems += check_action_for_postcode(
            action, "new postcode, council chosen", "XX7 7ZZ", council=EXAMPLEBOROUGH
        )
        problems += check_action_for_postcode(action, "Welsh council chosen", "XX6 1AA", council="W06900001")
    assert problems == []


def test_the_holes_check_itself_finds_the_holes_the_issue_reported():
    assert holes("I am a kinship carer living in the area of .")
    assert holes("Please make sure  publishes a clear kinship offer.")
    assert holes("Support for kinship families in ")
    assert not holes("Dear Alex,\n\nI live in Fictionham and Maple.\n\nYours sincerely,")


def test_a_council_we_cannot_tell_leaves_its_sentences_out_instead_of_a_hole():
    body = (
        "I am a kinship carer living in the area of {{ council }}.\n\n"
        "[Tell them what happened.]\n\n"
        "Please make sure {{ council }} publishes a clear kinship offer. Thank you."
    )
    assert merge(body, {"council": ""}) == "[Tell them what happened.]\n\nThank you."
    assert merge("Equal support for kinship families in {{ council }}", {"council": ""}) == (
        "Equal support for kinship families"
    )
    assert merge("Hello {{ recipient_name }}", {"council": ""}) == "Hello {{ recipient_name }}"
    assert merge("In {{ council }}.", {"council": "Demoshire"}) == "In Demoshire."


def _council_action(demo: list[Action]) -> Action:
    return next(a for a in demo if a.slug == "email-your-councillors")


def test_where_the_council_is_unknown_a_council_action_asks_for_it_instead_of_dropping_its_people(demo):
    action = _council_action(demo)
    unknown = resolve_targets(action=action, postcode="XX4 1AA")
    assert unknown.asks_for_council
    assert not any(t.role == "lead_member_children" for t in unknown.targets)
    chosen = resolve_targets(action=action, postcode="XX4 1AA", council=EXAMPLEBOROUGH)
    assert chosen.ok and not chosen.asks_for_council and chosen.chosen_council == EXAMPLEBOROUGH
    assert {"mp", "lead_member_children", "leader"} <= {t.role for t in chosen.targets}
    assert chosen.council_name == "Exampleborough Council"


def test_a_postcode_in_no_council_or_nation_asks_for_the_council_before_anything_else(demo):
    action = _council_action(demo)
    resolution = resolve_targets(action=action, postcode="XX6 1AA")
    assert resolution.problem == Problem.COUNCIL_UNKNOWN and resolution.asks_for_council
    chosen = resolve_targets(action=action, postcode="XX6 1AA", council=EXAMPLEBOROUGH)
    assert chosen.ok and any(t.role == "lead_member_children" for t in chosen.targets)


def test_a_council_code_that_is_not_a_council_is_ignored(demo):
    action = _council_action(demo)
    for bad in ("E05900003", "X", "<script>", "E99999999", "W06900001' OR 1=1"):
        resolution = resolve_targets(action=action, postcode="XX4 1AA", council=bad)
        assert resolution.chosen_council == "" and resolution.asks_for_council


def test_the_writing_page_asks_for_the_council_and_drafts_no_hole(client, demo):
    action = _council_action(demo)
    page = client.get(f"/actions/{action.slug}/write/", {"postcode": "XX4 1AA"}).content.decode()
    assert 'id="choose-council"' in page and "Exampleborough" in page
    body = _textarea(page, "body")
    assert "area of ." not in body and "make sure  publishes" not in body and not holes(body)


def test_the_writing_page_with_a_chosen_council_names_it_and_its_people(client, demo):
    action = _council_action(demo)
    response = client.get(
        f"/actions/{action.slug}/write/", {"postcode": "XX4 1AA", "council": EXAMPLEBOROUGH}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="choose-council"' not in page
    assert "Lead member for children&#x27;s services" in page
    assert "living in the area of Exampleborough Council." in _textarea(page, "body")
    assert f'name="council" value="{EXAMPLEBOROUGH}"' in page  # carried to the next step


def test_the_council_chosen_on_your_area_travels_in_the_action_links(client, demo):
    page = client.get("/your-area/", {"postcode": "XX4 1AA", "council": EXAMPLEBOROUGH}).content.decode()
    links = re.findall(r'href="(/actions/[^"]+)"', page)
    assert links and all(f"council={EXAMPLEBOROUGH}" in link for link in links if "postcode=" in link)


def test_a_council_chosen_on_the_form_reaches_the_stored_messages(
    client, demo, django_capture_on_commit_callbacks
):
    action = _council_action(demo)
    url = f"/actions/{action.slug}/write/"
    resolution = resolve_targets(action=action, postcode="XX4 1AA", council=EXAMPLEBOROUGH)
    keys = [t.key for t in usable_targets(action, resolution.targets)]
    data: dict[str, Any] = {
        "postcode": "XX4 1AA",
        "council": EXAMPLEBOROUGH,
        "targets": keys,
        "first_name": "Gwen",
        "last_name": "O'Brien",
        "email": "gwen@example.com",
        "address_line1": "1 Maple Road",
        "town": "Exampleborough",
        "subject": "Equal support for kinship families in Exampleborough Council",
        "body": "I am a kinship carer. We waited a year for any help at all from the council, and nearly gave up.",
        "send": "1",
    }
    preview = client.post(url, {k: v for k, v in data.items() if k != "send"}).content.decode()
    assert f'name="council" value="{EXAMPLEBOROUGH}"' in preview  # the preview carries it on
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    submission = Submission.objects.get()
    assert submission.council_code == EXAMPLEBOROUGH
    assert "lead_member_children" in set(submission.messages.values_list("recipient_role", flat=True))


def _textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert match, f"no {name} field"
    return match.group(1)


def test_a_postcode_too_new_for_the_file_works_once_the_council_is_chosen(demo):
    action = _council_action(demo)
    assert resolve_targets(action=action, postcode="XX7 7ZZ").problem == Problem.NOT_FOUND
    chosen = resolve_targets(action=action, postcode="XX7 7ZZ", council=EXAMPLEBOROUGH)
    assert chosen.ok and "lead_member_children" in {t.role for t in chosen.targets}


def test_any_council_value_on_any_postcode_gets_a_page_never_a_server_error(client, demo):
    councils = [
        "",
        "%00",
        "E0690000\u0000",
        "x" * 5000,
        "E06900001E06900001",
        "S12000033",
        "N09000003",
        "W06900001",
    ]
    slugs = ("email-your-councillors", "email-your-mp", "phone-your-council", "letter-to-your-lead-member")
    for council in councils:
        for postcode in ("XX4 1AA", "XY1 1AA", "XZ1 1AA", "XX9 9ZZ", "XX6 1AA", "EH1 1YZ"):
            for slug in slugs:
                response = client.get(
                    f"/actions/{slug}/write/", {"postcode": postcode, "council": council}, follow=True
                )
                assert response.status_code in {200, 400}, (slug, postcode, council)
                page = response.content.decode()
                if 'name="body"' in page:
                    assert not holes(html.unescape(_textarea(page, "body"))), (slug, postcode, council)
