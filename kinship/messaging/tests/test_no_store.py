"""The confirm page, letters and "my actions" (personal links) send Cache-Control: no-store."""

import pytest

from kinship.messaging import services
from kinship.messaging.tests.factories import submission_data

pytestmark = pytest.mark.django_db


def local(url: str) -> str:
    return url.replace("http://127.0.0.1:8000", "")


def assert_not_stored(response):
    assert response.status_code in {200, 302}
    assert "no-store" in response["Cache-Control"]


def test_the_confirm_page_is_not_stored(client, action, mail):
    submission = services.submission_create(action=action, data=submission_data(), language="en-gb")

    assert_not_stored(client.get(local(services.confirm_url(submission))))
    assert_not_stored(client.post(local(services.confirm_url(submission))))


def test_my_actions_and_letters_are_not_stored(client, action, mail):
    submission = services.submission_create(action=action, data=submission_data(), language="en-gb")
    client.post(local(services.confirm_url(submission)))
    message = submission.messages.first()

    assert_not_stored(client.get(local(services.my_actions_url(submission))))
    assert_not_stored(client.get(services.letter_url(message)))
