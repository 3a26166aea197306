"""Issue 10, defect 3: subjects and plain-text bodies are never HTML-escaped (children's,
O'Brien); HTML parts always are. Checked on the emails a real SMTP server receives."""

from __future__ import annotations

import pytest

from kinship.campaigns.tests.factories import ActionFactory
from kinship.core.models import OutboundEmail
from kinship.messaging import services, tokens
from kinship.messaging.tests.factories import submission_data

MP = "mp@parliament.example.org"
CARER = "gwen.obrien@example.com"
BODY = (
    "My grandson's school says I'm \"not his parent\". We need the same help as foster carers & "
    "their children get, <b>now</b>."
)


def _submit(action, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        sub = services.submission_create(
            action=action,
            data=submission_data(
                last_name="O'Brien", email=CARER, subject="Children's services & kinship", body=BODY
            ),
            language="en-gb",
        )
    return sub


@pytest.mark.django_db
def test_the_confirmation_email_subject_and_text_are_not_html_escaped(
    place, smtp, django_capture_on_commit_callbacks
):
    action = ActionFactory(title="Email the people who run children's services near you")
    _submit(action, django_capture_on_commit_callbacks)
    [received] = smtp.inbox.to(CARER)
    assert str(received["Subject"]).endswith("Email the people who run children's services near you")
    text = received.get_body(("plain",)).get_content()
    assert "Subject: Children's services & kinship" in text
    assert "&#x27;" not in text and "&amp;" not in text
    html = received.get_body(("html",)).get_content()
    assert "Children&#x27;s services &amp; kinship" in html
    row = OutboundEmail.objects.get(kind="message_confirmation")
    assert "&#x27;" not in row.subject and "&#x27;" not in row.text_body


@pytest.mark.django_db
def test_a_representative_gets_a_plain_text_subject_and_body_and_an_escaped_html_part(
    place, smtp, django_capture_on_commit_callbacks
):
    action = ActionFactory(target_roles=["mp"])
    sub = _submit(action, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    [received] = smtp.inbox.to(MP)
    assert str(received["Subject"]) == "Children's services & kinship"
    assert "O'Brien" in str(received["From"])
    text = received.get_body(("plain",)).get_content()
    assert BODY in text
    assert "Gwen O'Brien" in text and "&#x27;" not in text and "&quot;" not in text and "&lt;" not in text
    html = received.get_body(("html",)).get_content()
    assert "&lt;b&gt;now&lt;/b&gt;" in html and "<b>now</b>" not in html
    assert "grandson&#x27;s" in html and "Gwen O&#x27;Brien" in html
