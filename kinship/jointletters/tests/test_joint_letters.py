"""Joint letters: an organiser starts a letter to the lead member for children's services, three
carers try to sign (one outside the council is told kindly; one withdraws), the organiser sends
it once, and one email lists the names through messaging's outbox."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest
from django.urls import reverse

from kinship.jointletters import letters
from kinship.jointletters.models import CoSignature, JointLetter, LetterStatus, SignatureStatus
from kinship.messaging import services as messaging_services
from kinship.messaging import tokens as messaging_tokens
from kinship.messaging.models import Message, Submission
from kinship.messaging.tests.concurrency import in_threads, needs_postgres
from kinship.supporters.models import Supporter

pytestmark = pytest.mark.django_db

LETTER = "Dear Cllr Lead,\n\nPlease review the support our council gives kinship carers."


def _link(mail, address: str, path: str) -> str:  # type: ignore[no-untyped-def]
    text = mail.filter(to__contains=address).first().text_body
    match = re.search(rf"https?://[^/\s]+({path}[^\s]+/)", text)
    assert match, text
    return match.group(1)


def _start(client, action, place, mail, capture):  # type: ignore[no-untyped-def]
    url = reverse("jointletters:letter_start", args=[action.slug])
    page = client.get(url, {"postcode": "xx1 1aa"})
    assert page.status_code == 200 and "Cllr Sam Lead" in page.content.decode()
    with capture(execute=True):
        response = client.post(
            url,
            {
                "postcode": "xx1 1aa",
                "target": f"o{place.lead_member.pk}",
                "subject": "Support for kinship carers",
                "body": LETTER,
                "first_name": "Olive",
                "last_name": "Organiser",
                "email": "olive@example.com",
            },
        )
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    return _link(mail, "olive@example.com", "/joint-letters/manage/")


def _sign(
    client, share: str, mail, capture, *, name: str, postcode: str, line: str = "", consent: bool = False
):  # type: ignore[no-untyped-def]
    first, last = name.split()
    data = {
        "first_name": first,
        "last_name": last,
        "email": f"{first.lower()}@example.com",
        "postcode": postcode,
        "line": line,
    }
    if consent:
        data["consent_contact"] = "on"
    with capture(execute=True):
        return client.post(share, data)


def test_a_joint_letter_with_three_signers_is_sent_once(
    client, action, place, mail, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    manage = _start(client, action, place, mail, capture)
    letter = JointLetter.objects.get()
    assert letter.target_name == "Cllr Sam Lead" and letter.organiser_email == "olive@example.com"
    page = client.get(manage).content.decode()
    share = re.search(r'value="https?://[^/"]+(/joint-letters/sign/[^"]+/)"', page).group(1)

    # Ann lives in the council and wants news of the campaign.
    response = _sign(
        client,
        share,
        mail,
        capture,
        name="Ann Carer",
        postcode="XX1 1AA",
        line="My grandson needs this.",
        consent=True,
    )
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    confirm = _link(mail, "ann@example.com", "/joint-letters/signature/")
    assert client.get(confirm).status_code == 200  # a button only: scanners confirm nothing
    assert CoSignature.objects.get(email="ann@example.com").status == SignatureStatus.AWAITING_CONFIRMATION
    assert "Your name is on the letter" in client.post(confirm).content.decode()

    # Bea lives in Wales: told kindly, and nothing is kept.
    response = _sign(client, share, mail, capture, name="Bea Faraway", postcode="XX3 1AA")
    assert response.status_code == 400
    assert "your postcode is outside it, so your name would not count here" in response.content.decode()
    assert not CoSignature.objects.filter(email="bea@example.com").exists()

    # Cal signs, confirms, then takes his name off.
    _sign(client, share, mail, capture, name="Cal Changed", postcode="XX1 1AA")
    client.post(_link(mail, "cal@example.com", "/joint-letters/signature/"))
    text = mail.filter(to__contains="cal@example.com").first().text_body
    withdraw = re.search(r"https?://[^/\s]+(/joint-letters/signature/[^\s]+/withdraw/)", text).group(1)
    assert "Your name is off the letter" in client.post(withdraw).content.decode()

    page = client.get(manage).content.decode()
    assert "Ann Carer" in page and "Withdrawn" in page and "Bea" not in page

    # Send, and press again: one Submission, one Message.
    with capture(execute=True):
        assert client.post(manage, {"do": "send"}).status_code == 302
        again = client.post(manage, {"do": "send"})
    assert again.status_code == 400 and "already been sent" in again.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert Submission.objects.count() == 1 and Message.objects.count() == 1
    message = Message.objects.get()
    assert message.recipient_email == "lead.member@demoshire.example.org"
    assert "Ann Carer: “My grandson needs this.”" in message.body and "Olive Organiser" in message.body
    assert "Cal" not in message.body and "Bea" not in message.body

    # Too late to withdraw or sign now.
    assert "already been sent" in client.post(withdraw).content.decode()
    assert "This letter has been sent." in client.get(share).content.decode()

    # The organiser confirms by email, as for every message; the outbox delivers it once.
    with capture(execute=True):
        messaging_services.submission_confirm(
            token=messaging_tokens.make_token(letter.submission_id, salt=messaging_tokens.CONFIRM_SALT)
        )
    [delivered] = mail.filter(to__contains="lead.member@demoshire.example.org")
    email = message_from_bytes(bytes(delivered.raw), policy=policy.default)
    body = email.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Signed by 2 kinship carers" in body and "Ann Carer" in body and "Cal Changed" not in body

    # Ann's consent is recorded as a supporter's; nobody else's.
    assert Supporter.objects.filter(email="ann@example.com").exists()
    assert not Supporter.objects.filter(email__in=["cal@example.com", "bea@example.com"]).exists()


def test_signing_closes_and_reopens(client, action, place, mail, django_capture_on_commit_callbacks):
    manage = _start(client, action, place, mail, django_capture_on_commit_callbacks)
    letter = JointLetter.objects.get()
    client.post(manage, {"do": "close"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLOSED
    share = reverse(
        "jointletters:letter_sign", kwargs={"token": letters.share_url(letter).rsplit("/sign/", 1)[1][:-1]}
    )
    assert "Signing has closed" in client.get(share).content.decode()
    client.post(manage, {"do": "open"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.OPEN


def test_nothing_to_send_without_signers(client, action, place, mail, django_capture_on_commit_callbacks):
    manage = _start(client, action, place, mail, django_capture_on_commit_callbacks)
    response = client.post(manage, {"do": "send"})
    assert response.status_code == 400 and "Nobody has signed yet" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_stranger_cannot_manage_a_letter(client):
    for token in ("1", "1:abc:def"):
        assert client.get(reverse("jointletters:letter_manage", kwargs={"token": token})).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sends_send_one(action, place, mail):
    needs_postgres()
    letter = letters.letter_start(
        action=action,
        data=letters.LetterInput(
            postcode="XX1 1AA",
            target_key=f"o{place.lead_member.pk}",
            subject="Support",
            body=LETTER,
            first_name="Olive",
            last_name="Organiser",
            email="olive@example.com",
        ),
        language="en-gb",
    )
    CoSignature.objects.create(
        letter=letter,
        first_name="Ann",
        last_name="Carer",
        email="ann@example.com",
        postcode="XX1 1AA",
        status=SignatureStatus.CONFIRMED,
    )
    errors = in_threads(
        lambda: letters.letter_send(letter_id=letter.pk), lambda: letters.letter_send(letter_id=letter.pk)
    )
    assert len(errors) == 1 and isinstance(errors[0], letters.LetterError)
    assert Submission.objects.count() == 1 and Message.objects.count() == 1


def test_the_signing_page_speaks_welsh(client, action, place, mail):
    letter = letters.letter_start(
        action=action,
        data=letters.LetterInput(
            postcode="XX1 1AA",
            target_key=f"o{place.lead_member.pk}",
            subject="Support",
            body=LETTER,
            first_name="Olive",
            last_name="Organiser",
            email="olive@example.com",
        ),
        language="cy",
    )
    path = letters.share_url(letter).split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/cy/{path}").content.decode()
    assert "Llofnodi'r llythyr ar y cyd" in page and "Ychwanegu fy enw" in page


def test_erasure_takes_names_off_and_forgets_the_organiser(action, place, mail):
    letter = letters.letter_start(
        action=action,
        data=letters.LetterInput(
            postcode="XX1 1AA",
            target_key=f"o{place.lead_member.pk}",
            subject="Support",
            body=LETTER,
            first_name="Olive",
            last_name="Organiser",
            email="olive@example.com",
        ),
        language="en-gb",
    )
    CoSignature.objects.create(
        letter=letter,
        first_name="Ann",
        last_name="Carer",
        email="ann@example.com",
        postcode="XX1 1AA",
        status=SignatureStatus.CONFIRMED,
    )

    class Person:
        pk = None
        email = "Olive@example.com"

    assert letters.letters_export(Person())["started"][0]["to"] == "Cllr Sam Lead"
    letters.letters_erase(Person())
    Person.email = "ann@example.com"
    letters.letters_erase(Person())
    letter.refresh_from_db()
    assert letter.organiser_email == "" and letter.status == LetterStatus.CLOSED
    assert not CoSignature.objects.exists()


def test_the_action_page_offers_a_joint_letter(client, action, place):
    page = client.get(reverse("messaging:action_detail", args=[action.slug])).content.decode()
    assert reverse("jointletters:letter_start", args=[action.slug]) in page


def _letter(action, place):  # type: ignore[no-untyped-def]
    letter = letters.letter_start(
        action=action,
        data=letters.LetterInput(
            postcode="XX1 1AA",
            target_key=f"o{place.lead_member.pk}",
            subject="Support",
            body=LETTER,
            first_name="Olive",
            last_name="Organiser",
            email="olive@example.com",
        ),
        language="en-gb",
    )
    CoSignature.objects.create(
        letter=letter,
        first_name="Ann",
        last_name="Carer",
        email="ann@example.com",
        postcode="XX1 1AA",
        status=SignatureStatus.CONFIRMED,
    )
    return letter


def test_a_second_letter_to_the_same_person_waits_for_the_first_to_be_confirmed(action, place, mail):
    first, second = _letter(action, place), _letter(action, place)
    letters.letter_send(letter_id=first.pk)
    with pytest.raises(letters.LetterError, match="waiting for you to confirm it by email"):
        letters.letter_send(letter_id=second.pk)
    second.refresh_from_db()
    assert second.status == LetterStatus.OPEN and Submission.objects.get().body.startswith(LETTER)


def test_retention_forgets_signers_after_sending_and_unconfirmed_names_after_30_days(action, place, mail):
    import datetime as dt

    from django.utils import timezone

    letter = _letter(action, place)
    stale = CoSignature.objects.create(
        letter=letter, first_name="Dan", last_name="Late", email="dan@example.com", postcode="XX1 1AA"
    )
    CoSignature.objects.filter(pk=stale.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    assert letters.letters_expire() == 1
    letters.letter_send(letter_id=letter.pk)
    assert letters.letters_expire() == 0
    assert letters.letters_expire(now=timezone.now() + dt.timedelta(days=91)) == 1
    letter.refresh_from_db()
    assert letter.organiser_email == "" and not CoSignature.objects.exists()


def test_the_start_page_fills_in_what_it_knows_for_the_postcode_never_a_raw_field(client, action, place):
    action.subject_template = "Kinship care in {{ constituency }}"
    action.body_template = "I live in the area of {{ council }}. Please help."
    action.save()
    page = client.get(reverse("jointletters:letter_start", args=[action.slug]), {"postcode": "XX1 1AA"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "{{" not in html
    assert "I live in the area of Demoshire County Council. Please help." in html
    assert "Kinship care in Fictionham and Maple" in html
