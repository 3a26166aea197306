"""The upload page in Chromium on a 390 px phone, without JavaScript: axe-core clean before,
after a refusal and after a photo is added; the stored copy has no GPS."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from PIL import Image

from kinship.jointletters.models import ChildDrawing
from kinship.jointletters.tests import files
from kinship.jointletters.tests.conftest import stored_files
from kinship.messaging import services as messaging_services
from kinship.messaging import tokens as messaging_tokens
from kinship.messaging.tests.factories import submission_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_axe_failures(page: Any, axe: Any) -> None:
    violations = axe(page)
    assert not violations, f"{page.url}: {violations}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{page.url} scrolls sideways"


def test_a_carer_adds_a_drawing_on_a_phone(
    page, page_no_js, axe, live_server, action, mail, private_dir, tmp_path
):
    submission = messaging_services.submission_create(
        action=action, data=submission_data(email="gwen@example.com"), language="en-gb"
    )
    token = messaging_tokens.make_token(submission.pk, salt=messaging_tokens.CHECK_EMAIL_SALT)
    check = f"{live_server.url}{reverse('messaging:check_email_sent', args=[action.slug, token])}"
    hostile = tmp_path / "drawing.jpg"
    hostile.write_bytes(files.HTML)
    photo = tmp_path / "IMG_0001.JPG"
    photo.write_bytes(files.jpeg_with_gps())

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(check)
    page.get_by_test_id("add-drawing").click()
    page.get_by_role("heading", name="Add a child's letter or drawing").wait_for()
    assert page.get_by_text("Do not include the child's full name").is_visible()
    no_axe_failures(page, axe)

    page.get_by_label("Choose a photo or scan").set_input_files(str(hostile))
    page.get_by_role("button", name="Add it to my message").click()
    page.locator(".govuk-error-summary").wait_for()
    no_axe_failures(page, axe)
    assert not ChildDrawing.objects.exists() and stored_files(private_dir) == []

    # Without JavaScript: a plain multipart form.
    page_no_js.set_viewport_size({"width": 390, "height": 844})
    page_no_js.goto(page.url)
    page_no_js.get_by_label("Choose a photo or scan").set_input_files(str(photo))
    page_no_js.get_by_role("button", name="Add it to my message").click()
    page_no_js.get_by_test_id("drawing-link").wait_for()
    page.goto(page_no_js.url)
    no_axe_failures(page, axe)
    [stored] = stored_files(private_dir)
    with Image.open(stored) as image:
        assert len(image.getexif()) == 0
