"""The web journey without JavaScript: choose, see who and why, write, preview, submit, confirm."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from kinship.campaigns.models import ActionKind
from kinship.campaigns.tests.factories import ActionFactory
from kinship.core.models import OutboundEmail
from kinship.messaging import services, tokens
from kinship.messaging.models import Message, MessageStatus, Submission
from kinship.messaging.tests.factories import BODY, submission_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "postcode": "XX1 1AA",
        "targets": ["o1"],
        "first_name": "Gwen",
        "last_name": "Jones",
        "email": "gwen@example.com",
        "address_line1": "1 Maple Road",
        "town": "Fictionham",
        "subject": "Kinship care",
        "body": BODY,
        "send": "1",
    }
    data.update(overrides)
    return data


def keys(place):  # type: ignore[no-untyped-def]
    return [f"o{place.mp.pk}", f"o{place.lead_member.pk}"]


def confirm_link(text: str) -> str:
    match = re.search(r"https?://[^/\s]+(/messages/confirm/[^\s]+/)", text)
    assert match
    return match.group(1)


def test_action_page_asks_for_a_postcode(client, action):
    response = client.get(reverse("messaging:action_detail", args=[action.slug]))
    assert response.status_code == 200
    assert b'name="postcode"' in response.content


def test_write_page_shows_who_and_why_before_writing(client, action, place):
    response = client.get(reverse("messaging:action_write", args=[action.slug]), {"postcode": "xx11aa"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Alex Member MP" in content and "Cllr Sam Lead" in content
    assert "MPs only take up cases from their own constituents" in content
    assert "Demoshire County Council" in content  # merge field filled in the suggested text
    assert f'value="o{place.mp.pk}"' in content


def test_an_unknown_postcode_gets_a_kind_message_not_a_500(client, action):
    response = client.get(reverse("messaging:action_write", args=[action.slug]), {"postcode": "XX9 9XX"})
    assert response.status_code == 400
    assert "We could not find that postcode" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_nonsense_postcode_is_refused_beside_the_field(client, action):
    response = client.get(reverse("messaging:action_write", args=[action.slug]), {"postcode": "hello"})
    assert response.status_code == 400
    assert "Enter a full UK postcode" in response.content.decode()


def test_missing_fields_show_errors_and_store_nothing(client, action, place):
    data = form_data(targets=keys(place), first_name="", email="not-an-email", body="short")
    response = client.post(reverse("messaging:action_write", args=[action.slug]), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "Enter your first name" in content
    assert "Enter an email address in the correct format" in content
    assert "Your message is very short" in content
    assert Submission.objects.count() == 0


def test_template_placeholder_must_be_replaced(client, place):
    action = ActionFactory(
        body_template="I live in {{ council }}.\n\n[Say what you would like to talk about.]\n\nThanks."
    )
    data = form_data(targets=keys(place), body="[Say what you would like to talk about.] " + BODY)
    response = client.post(reverse("messaging:action_write", args=[action.slug]), data)
    assert response.status_code == 400
    assert "square brackets" in response.content.decode()


def _preview(client, action, place):  # type: ignore[no-untyped-def]
    data = form_data(targets=keys(place))
    del data["send"]
    data["preview"] = "1"
    return client.post(reverse("messaging:action_write", args=[action.slug]), data)


def test_preview_shows_one_letter_and_everyone_it_goes_to_and_sends_nothing(client, action, place):
    response = _preview(client, action, place)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Check your message" in content and "Step 2 of 3" in content
    assert content.count('class="govuk-inset-text kc-preview__body') == 1  # one letter, not one per person
    assert "Dear Alex Member MP," in content and "Dear Cllr Sam Lead," not in content
    assert "Cllr Sam Lead" in content  # in the list of recipients
    assert "The other person gets the same message, starting with their own name." in content
    assert content.index("kc-preview__body") < content.index('name="send"')  # Send straight below
    assert 'name="first_name"' in content and 'type="text"' not in content  # nothing to fill in again
    assert Submission.objects.count() == 0


def test_send_from_the_preview_carries_what_was_written(client, action, place):
    content = _preview(client, action, place).content.decode()
    import html

    fields = [
        (html.unescape(n), html.unescape(v))
        for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', content)
    ]
    data: dict = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data["send"] = "1"
    response = client.post(reverse("messaging:action_write", args=[action.slug]), data)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.body == BODY.strip() and submission.messages.count() == 2


def test_change_it_goes_back_to_the_filled_in_form(client, action, place):
    data = form_data(targets=keys(place))
    del data["send"]
    data["edit"] = "1"
    content = client.post(reverse("messaging:action_write", args=[action.slug]), data).content.decode()
    assert "Step 1 of 3" in content and 'value="Gwen"' in content
    assert Submission.objects.count() == 0


def test_unticking_everyone_is_explained(client, action, place):
    response = client.post(reverse("messaging:action_write", args=[action.slug]), form_data(targets=[]))
    assert response.status_code == 400
    assert "Choose at least one person" in response.content.decode()


def test_someone_cannot_add_a_recipient_who_is_not_theirs(client, action, place):
    response = client.post(
        reverse("messaging:action_write", args=[action.slug]), form_data(targets=["o999999"])
    )
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_submit_then_confirm_by_post_sends_once(
    client, action, place, mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("messaging:action_write", args=[action.slug]), form_data(targets=[keys(place)[0]])
        )
    assert response.status_code == 302 and "check-your-email" in response["Location"]
    link = confirm_link(mail.get(to="gwen@example.com").text_body)

    page = client.get(link)  # a mail scanner following the link changes nothing
    assert page.status_code == 200 and b"Confirm and send" in page.content
    assert Message.objects.get().status == MessageStatus.AWAITING_CONFIRMATION

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
        client.post(link)  # double-click
    assert mail.filter(to="mp@parliament.example.org").count() == 1
    done = client.get(link)
    assert b"Your message is on its way" in done.content


def test_honeypot_looks_like_success_and_stores_nothing(client, action, place):
    response = client.post(
        reverse("messaging:action_write", args=[action.slug]),
        form_data(targets=keys(place), website="http://spam"),
    )
    assert response.status_code == 302
    assert Submission.objects.count() == 0


def test_over_the_ip_limit_a_simple_question_appears_and_answering_it_works(client, action, place, settings):
    settings.KINSHIP_RATE_SUBMIT_IP = "1/3600"
    url = reverse("messaging:action_write", args=[action.slug])
    client.post(url, form_data(targets=keys(place)))
    response = client.post(
        url, form_data(targets=keys(place), email="other@example.com", body=BODY + " Second.")
    )
    content = response.content.decode()
    assert response.status_code == 429
    match = re.search(r"What is (\d) plus (\d)\?", content)
    assert match
    challenge = re.search(r'name="challenge" value="([^"]+)"', content).group(1)
    answer = str(int(match.group(1)) + int(match.group(2)))
    ok = client.post(
        url,
        form_data(
            targets=keys(place),
            email="other@example.com",
            body=BODY + " Second.",
            challenge=challenge,
            challenge_answer=answer,
        ),
    )
    assert ok.status_code == 302
    assert Submission.objects.count() == 2


def test_a_solved_question_lets_one_message_through_not_more(client, action, place, settings):
    settings.KINSHIP_RATE_SUBMIT_IP = "1/3600"
    url = reverse("messaging:action_write", args=[action.slug])
    client.post(url, form_data(targets=keys(place)))
    asked = client.post(url, form_data(targets=keys(place), email="b@example.com", body=BODY + " Two."))
    content = asked.content.decode()
    a, b = re.search(r"What is (\d) plus (\d)\?", content).groups()
    nonce = re.search(r'name="challenge" value="([^"]+)"', content).group(1)
    solved = {"challenge": nonce, "challenge_answer": str(int(a) + int(b))}
    assert (
        client.post(
            url, form_data(targets=keys(place), email="b@example.com", body=BODY + " Two.", **solved)
        ).status_code
        == 302
    )

    replay = client.post(
        url, form_data(targets=keys(place), email="c@example.com", body=BODY + " Three.", **solved)
    )
    assert replay.status_code == 429
    assert Submission.objects.count() == 2


def test_over_the_email_limit_is_refused_kindly(client, action, place, settings):
    settings.KINSHIP_RATE_SUBMIT_EMAIL = "1/3600"
    url = reverse("messaging:action_write", args=[action.slug])
    client.post(url, form_data(targets=keys(place)))
    response = client.post(url, form_data(targets=keys(place), email="GWEN@example.com ", body=BODY + " x"))
    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()


def test_rate_limits_switch_off_for_load_tests(client, action, place, settings):
    settings.KINSHIP_RATE_SUBMIT_EMAIL = "1/3600"
    settings.KINSHIP_RATE_LIMITS_ENABLED = False
    url = reverse("messaging:action_write", args=[action.slug])
    for i in range(3):
        assert (
            client.post(url, form_data(targets=keys(place), body=BODY + f" {i} " * (i + 1))).status_code
            == 302
        )


def test_invalid_confirmation_link(client):
    response = client.get(reverse("messaging:confirm", args=["nonsense"]))
    assert response.status_code == 404


def test_letter_is_downloadable_at_once(client, place):
    action = ActionFactory(kind=ActionKind.LETTER, target_roles=["lead_member_children"])
    response = client.post(
        reverse("messaging:action_write", args=[action.slug]),
        form_data(targets=[f"o{place.lead_member.pk}"]),
        follow=True,
    )
    assert b"Your letter is ready" in response.content
    link = re.search(r'href="([^"]+letter\.pdf)"', response.content.decode()).group(1)
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_broken_letter_links_get_a_kind_page_not_a_bare_404(client):
    for name in ("messaging:letter_ready", "messaging:letter_pdf"):
        response = client.get(reverse(name, args=["nonsense"]))
        assert response.status_code == 404
        assert b"This link does not work" in response.content


def test_confirming_by_post_with_a_broken_link_gets_a_kind_page(client):
    response = client.post(reverse("messaging:confirm", args=["nonsense"]))
    assert response.status_code == 404
    assert b"This link does not work" in response.content


def test_confirming_by_post_with_an_expired_link_says_so_and_sends_nothing(action, client, settings):
    submission = services.submission_create(action=action, data=submission_data(), language="en-gb")
    settings.KINSHIP_CONFIRMATION_DAYS = -1
    token = tokens.make_token(submission.pk, salt=tokens.CONFIRM_SALT)
    response = client.post(reverse("messaging:confirm", args=[token]))
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert set(submission.messages.values_list("status", flat=True)) == {MessageStatus.AWAITING_CONFIRMATION}


def test_phone_action_shows_the_script_and_logs_the_call(client, place):
    from kinship.core.counters import counter_value

    action = ActionFactory(kind=ActionKind.PHONE, target_roles=["leader"])
    url = reverse("messaging:action_call", args=[action.slug])
    page = client.get(url, {"postcode": "XX1 1AA"})
    content = page.content.decode()
    assert "01234 567890" in content and "Hello, I am calling Cllr Pat Leader" in content
    response = client.post(url, {"postcode": "XX1 1AA", "target": f"o{place.leader.pk}", "outcome": "spoke"})
    assert b"Thank you for calling" in response.content
    assert counter_value(key=action.counter_key) == 1


def test_campaign_page_lists_actions_with_totals(client, action):
    from kinship.core.counters import counter_increment

    counter_increment(key=action.counter_key)
    counter_increment(key=action.counter_key)
    response = client.get(action.campaign.get_absolute_url())
    assert action.title.encode() in response.content
    assert b"2 people have taken this action" in response.content


def test_my_actions_page_lists_what_was_sent(client, action, place, mail, django_capture_on_commit_callbacks):
    from kinship.messaging import services

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:action_write", args=[action.slug]), form_data(targets=keys(place)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(mail.get(to="gwen@example.com").text_body))
    response = client.get(
        services.my_actions_url(Submission.objects.get()).replace("http://127.0.0.1:8000", "")
    )
    content = response.content.decode()
    assert (
        response.status_code == 200
        and "Alex Member MP" in content
        and "Sent to their email address" in content
    )
    assert response["Cache-Control"] == "private, no-store"


def test_my_actions_request_is_silent_about_unknown_addresses(client, mail):
    response = client.post(reverse("messaging:my_actions_request"), {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert OutboundEmail.objects.count() == 0


def test_reply_no_offers_a_follow_up_to_the_next_person_up(
    client, action, place, mail, django_capture_on_commit_callbacks
):
    from kinship.messaging import services

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:action_write", args=[action.slug]), form_data(targets=keys(place)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(mail.get(to="gwen@example.com").text_body))
    lead = Message.objects.get(recipient_role="lead_member_children")
    Message.objects.filter(pk=lead.pk).update(sent_at=lead.sent_at - dt.timedelta(days=14))  # follow-ups due
    url = services.reply_url(lead).replace("http://127.0.0.1:8000", "")
    response = client.post(url, {"answer": "no"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"Cllr Pat Leader" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        written = client.post(
            response["Location"], {"who": "next", "subject": "Following up", "body": "Please reply. " + BODY}
        )
    assert b"Check your email" in written.content  # confirmed from the inbox, like a first message
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(mail.filter(to="gwen@example.com").order_by("-pk").first().text_body))
    assert mail.filter(to="leader@demoshire.example.org").count() == 1


def test_carer_can_delete_their_messages_from_my_actions(
    client, action, place, mail, django_capture_on_commit_callbacks
):
    from kinship.messaging import services

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:action_write", args=[action.slug]), form_data(targets=keys(place)))
    url = services.my_actions_url(Submission.objects.get()).replace("http://127.0.0.1:8000", "")
    page = client.get(url).content.decode()
    assert "Delete my messages" in page
    assert 'action="' + url + 'erase/"' not in page  # one tap on "my actions" never erases
    asked = client.get(url + "erase/")
    assert asked.status_code == 200 and "no-store" in asked["Cache-Control"]
    text = asked.content.decode()
    assert "Are you sure you want to delete your messages?" in text
    assert "what you wrote in 2 messages" in text and "Alex Member MP, Cllr Sam Lead" in text
    assert "2 messages that have not been sent yet: they will not be sent" in text
    assert "You cannot undo this." in text
    assert Submission.objects.get().erased_at is None  # asking deletes nothing
    assert client.post(url + "erase/", {}).status_code == 200  # a POST without the answer only asks
    assert Submission.objects.get().erased_at is None
    response = client.post(url + "erase/", {"confirm": "yes"})
    assert b"Your messages have been deleted" in response.content
    submission = Submission.objects.get()
    assert submission.email == "" and submission.body == "" and submission.erased_at
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.ABANDONED}
