"""Issue 10, defect 4: a Welsh carer's message is composed wholly in Welsh (greeting, sign-off,
sender line and footer), end to end through a real SMTP server; where an action has no Welsh
text the page says so before the carer writes; a message in English stays wholly English."""

from __future__ import annotations

import html
import re

import pytest

from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging.models import Message, Submission
from kinship.messaging.pdf import letter_html
from kinship.messaging.services.composition import message_language

pytestmark = pytest.mark.django_db

MP = "mp@parliament.example.org"
WELSH_BODY = (
    "Rwy'n ofalwr sy'n berthynas yn {{ constituency }}.\n\n"
    "Gofynnwch i'r llywodraeth roi'r un lwfansau a chymorth i deuluoedd perthnasau ag y mae teuluoedd maeth "
    "yn eu cael, a dywedwch wrthyf beth fyddwch chi'n ei wneud."
)
ENGLISH_WORDS = (
    "Dear ",
    "Yours sincerely",
    "This message was sent",
    " via ",
    "I live in",
    "Reply to this email",
)


def _welsh_action(**fields):  # type: ignore[no-untyped-def]
    return ActionFactory(
        target_roles=["mp"],
        subject_template="Support for kinship families in {{ constituency }}",
        body_template="I live in {{ constituency }} and I am a kinship carer. Please help.",
        subject_template_cy="Cymorth i deuluoedd perthnasau yn {{ constituency }}",
        body_template_cy=WELSH_BODY,
        **fields,
    )


def _textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert match
    return match.group(1).strip()


def _input(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match
    return match.group(1)


def _send_in_welsh(client, action, place, capture, *, body=None):  # type: ignore[no-untyped-def]
    page = client.get(f"/cy/actions/{action.slug}/write/", {"postcode": "XX1 1AA"}).content.decode()
    data = {
        "postcode": "XX1 1AA",
        "targets": [f"o{place.mp.pk}"],
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "address_line1": "1 Heol y Bont",
        "town": "Tre Ŵyn",
        "subject": html.unescape(_input(page, "subject")),
        "body": body or html.unescape(_textarea(page, "body")),
        "send": "1",
    }
    with capture(execute=True):
        response = client.post(f"/cy/actions/{action.slug}/write/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return page


def test_a_welsh_carer_s_message_reaches_the_mp_wholly_in_welsh(
    client, place, smtp, django_capture_on_commit_callbacks
):
    action = _welsh_action()
    page = _send_in_welsh(client, action, place, django_capture_on_commit_callbacks)
    assert 'id="no-welsh-text"' not in page
    [confirmation] = smtp.inbox.to("gwen@example.com")
    link = re.search(
        r"https?://[^/\s]+(/cy/messages/confirm/[^\s]+/)", confirmation.get_body(("plain",)).get_content()
    )
    assert link, "the confirmation email links to the Welsh confirmation page"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link.group(1))
    [received] = smtp.inbox.to(MP)
    text = received.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html_part = received.get_body(("html",)).get_content()
    assert str(received["Subject"]) == "Cymorth i deuluoedd perthnasau yn Fictionham and Maple"
    assert text.startswith("Annwyl Alex Member MP,")
    assert "Rwy'n ofalwr sy'n berthynas yn Fictionham and Maple." in text
    assert "Yn gywir,\n\nGwen Jones\n1 Heol y Bont\nTre Ŵyn\nXX1 1AA" in text
    assert "Anfonwyd y neges hon gan Gwen Jones" in text
    assert "Gwen Jones drwy" in str(received["From"])
    for english in ENGLISH_WORDS:
        assert english not in text and english not in html_part, english
    assert " via " not in str(received["From"])


def test_a_welsh_page_says_before_writing_when_an_action_has_no_welsh_text(client, place):
    action = ActionFactory(target_roles=["mp"])
    detail = client.get(f"/cy/actions/{action.slug}/").content.decode()
    write = client.get(f"/cy/actions/{action.slug}/write/", {"postcode": "XX1 1AA"}).content.decode()
    for page in (detail, write):
        assert 'id="no-welsh-text"' in page and "Does dim fersiwn Gymraeg o’r neges hon eto" in page
    assert write.index('id="no-welsh-text"') < write.index('name="body"')
    english = client.get(f"/actions/{action.slug}/write/", {"postcode": "XX1 1AA"}).content.decode()
    assert 'id="no-welsh-text"' not in english
    welsh_action = _welsh_action()
    assert 'id="no-welsh-text"' not in client.get(f"/cy/actions/{welsh_action.slug}/").content.decode()


def test_english_words_sent_from_a_welsh_page_make_a_wholly_english_message(
    client, place, smtp, django_capture_on_commit_callbacks
):
    action = ActionFactory(target_roles=["mp"])  # no Welsh text: the carer keeps the English words
    _send_in_welsh(client, action, place, django_capture_on_commit_callbacks)
    body = Message.objects.get().body
    assert body.startswith("Dear Alex Member MP,") and "\n\nYours sincerely,\n\nGwen Jones" in body
    assert "Annwyl" not in body and "Yn gywir" not in body
    assert Submission.objects.get().language == "cy"  # the carer's own emails stay Welsh


def test_a_welsh_letter_is_welsh_down_to_its_date(place):
    from kinship.messaging import services
    from kinship.messaging.tests.factories import submission_data

    action = _welsh_action(kind="letter")
    submission = services.submission_create(
        action=action, data=submission_data(subject="", body="", target_keys=None), language="cy"
    )
    letter = submission.messages.get()
    assert letter.body.startswith("Annwyl Alex Member MP,") and letter.body.endswith("Yn gywir,")
    page = letter_html(letter)
    assert '<html lang="cy">' in page
    assert re.search(
        r"\d+ (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}",
        page,
    )


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        (WELSH_BODY, "en-gb", "cy"),
        ("I am a kinship carer and I would like the council to support our family.", "cy", "en-gb"),
        ("Diolch.", "en-gb", "cy"),
        ("{{ council }} [Tell them what happened]", "cy", "cy"),
        ("{{ council }} [Tell them what happened]", "en-gb", "en-gb"),
    ],
)
def test_the_language_a_carer_wrote_in(text, default, expected):
    assert message_language(text=text, default=default) == expected
