"""A child's letter or drawing: added from "Check your email", cleaned, kept privately, sent with
the carer's email to the representative, shown to nobody else, deleted on erasure and expiry."""

from __future__ import annotations

import datetime as dt
import io
import re
from email import message_from_bytes, policy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kinship.core.signing import make_token, read_int_token
from kinship.jointletters import services, tokens
from kinship.jointletters.models import ChildDrawing
from kinship.jointletters.tests import files
from kinship.jointletters.tests.conftest import stored_files
from kinship.messaging import services as messaging_services
from kinship.messaging import tokens as messaging_tokens
from kinship.messaging.models import Message, Submission
from kinship.messaging.tests.factories import submission_data

pytestmark = pytest.mark.django_db


def _submission(action) -> Submission:  # type: ignore[no-untyped-def]
    return messaging_services.submission_create(
        action=action, data=submission_data(email="gwen@example.com"), language="en-gb"
    )


def _upload_url(submission: Submission) -> str:
    token = messaging_tokens.make_token(submission.pk, salt=messaging_tokens.CHECK_EMAIL_SALT)
    return reverse("jointletters:drawing_upload", kwargs={"token": token})


def _post(client, url, data: bytes, name: str = "drawing.jpg", kind: str = "image/jpeg"):  # type: ignore[no-untyped-def]
    return client.post(url, {"drawing": SimpleUploadedFile(name, data, content_type=kind)})


def test_check_your_email_links_to_the_upload_page(client, action, mail):
    submission = _submission(action)
    token = messaging_tokens.make_token(submission.pk, salt=messaging_tokens.CHECK_EMAIL_SALT)
    page = client.get(reverse("messaging:check_email_sent", args=[action.slug, token])).content.decode()
    assert "Add a child's letter or drawing (optional)" in page
    assert reverse("jointletters:drawing_upload", kwargs={"token": token}) in page


def test_the_upload_page_reminds_the_carer_not_to_identify_the_child(client, action, mail):
    page = client.get(_upload_url(_submission(action)))
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    text = page.content.decode()
    assert "Do not include the child's full name, school" in text
    assert 'enctype="multipart/form-data"' in text


def test_a_jpeg_with_gps_is_stored_without_it_and_sent_to_the_representative(
    client, action, mail, private_dir, django_capture_on_commit_callbacks
):
    submission = _submission(action)
    response = _post(client, _upload_url(submission), files.jpeg_with_gps(), name="IMG_0001.JPG")
    assert response.status_code == 302
    drawing = ChildDrawing.objects.get(submission=submission)
    [stored] = stored_files(private_dir)
    assert stored.name == drawing.stored_name and "IMG" not in stored.name
    with Image.open(stored) as image:
        assert len(image.getexif()) == 0 and "exif" not in image.info

    with django_capture_on_commit_callbacks(execute=True):
        messaging_services.submission_confirm(
            token=messaging_tokens.make_token(submission.pk, salt=messaging_tokens.CONFIRM_SALT)
        )
    recipients = list(Message.objects.filter(submission=submission).values_list("recipient_email", flat=True))
    assert recipients
    for address in recipients:
        captured = mail.filter(to__contains=address).get()
        email = message_from_bytes(bytes(captured.raw), policy=policy.default)
        [part] = list(email.iter_attachments())  # type: ignore[attr-defined]
        assert part.get_filename() == "childs-letter-or-drawing.jpg"
        assert part.get_content_type() == "image/jpeg"
        assert part.get_content() == stored.read_bytes()


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (files.SVG_WITH_SCRIPT, "drawing.svg", "image/svg+xml"),
        (files.HTML, "drawing.jpg", "image/jpeg"),
        (files.png_declaring(30000, 30000), "bomb.png", "image/png"),
        (files.truncated_jpeg(), "half.jpg", "image/jpeg"),
        (files.zip_file(), "drawing.png", "image/png"),
        (b"", "empty.jpg", "image/jpeg"),
        (b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024), "huge.jpg", "image/jpeg"),
    ],
    ids=[
        "svg-script",
        "html-as-jpg",
        "pixel-bomb",
        "truncated-jpeg",
        "zip-as-png",
        "zero-bytes",
        "too-large",
    ],
)
def test_hostile_files_are_refused_kindly_and_nothing_is_kept(
    client, action, mail, private_dir, data, name, kind
):
    submission = _submission(action)
    response = _post(client, _upload_url(submission), data, name=name, kind=kind)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and 'data-testid="problem"' in text
    assert not ChildDrawing.objects.exists()
    assert stored_files(private_dir) == []


def test_no_file_chosen_is_a_kind_message(client, action, mail):
    response = client.post(_upload_url(_submission(action)), {})
    assert response.status_code == 400 and "Choose a photo or scan to add." in response.content.decode()


def test_only_the_sender_sees_the_file_through_a_signed_no_store_link(client, action, mail):
    submission = _submission(action)
    _post(client, _upload_url(submission), files.jpeg_with_gps())
    drawing = ChildDrawing.objects.get()
    page = client.get(_upload_url(submission)).content.decode()
    # The link as the page wrote it: a token made here could carry the next second's time.
    found = re.search(r'/childs-drawing/([^/"]+)/', page)
    assert found is not None
    assert read_int_token(found.group(1), salt=tokens.DRAWING_SALT, max_age=None) == drawing.pk
    url = reverse("jointletters:drawing_file", kwargs={"token": found.group(1)})

    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    # A stranger guessing ids, or holding another kind of link, sees nothing.
    for guess in (str(drawing.pk), make_token(drawing.pk, salt="kinship.messaging.check-email"), "x:y:z"):
        assert client.get(reverse("jointletters:drawing_file", kwargs={"token": guess})).status_code == 404
    assert not url.startswith("/media/")


def test_the_sender_link_expires(client, action, mail, settings):
    submission = _submission(action)
    _post(client, _upload_url(submission), files.jpeg_with_gps())
    url = reverse(
        "jointletters:drawing_file",
        kwargs={"token": make_token(ChildDrawing.objects.get().pk, salt=tokens.DRAWING_SALT)},
    )
    settings.KINSHIP_CHILD_DRAWING_LINK_MINUTES = -1
    assert client.get(url).status_code == 410


def test_nothing_can_be_added_once_the_message_is_confirmed(client, action, mail, private_dir):
    submission = _submission(action)
    messaging_services.submission_confirm(
        token=messaging_tokens.make_token(submission.pk, salt=messaging_tokens.CONFIRM_SALT)
    )
    response = _post(client, _upload_url(submission), files.jpeg_with_gps())
    assert response.status_code == 200
    assert "already been confirmed" in response.content.decode()
    assert not ChildDrawing.objects.exists() and stored_files(private_dir) == []


def test_a_second_file_replaces_the_first_and_remove_deletes_it(
    client, action, mail, private_dir, django_capture_on_commit_callbacks
):
    submission = _submission(action)
    url = _upload_url(submission)
    _post(client, url, files.jpeg_with_gps())
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, url, files.png(), name="d.png", kind="image/png")
    assert ChildDrawing.objects.get().mimetype == "image/png"
    assert len(stored_files(private_dir)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"remove": "1"})
    assert not ChildDrawing.objects.exists() and stored_files(private_dir) == []


def test_erasure_deletes_the_file(client, action, mail, private_dir, django_capture_on_commit_callbacks):
    submission = _submission(action)
    _post(client, _upload_url(submission), files.jpeg_with_gps())

    class Person:
        pk = None
        email = "GWEN@example.com"

    assert services.drawings_export(Person())[0]["kind"] == "image/jpeg"
    with django_capture_on_commit_callbacks(execute=True):
        services.drawings_erase(Person())
    assert not ChildDrawing.objects.exists() and stored_files(private_dir) == []


def test_retention_deletes_the_file_after_28_days_or_with_the_message_text(
    client, action, mail, private_dir, django_capture_on_commit_callbacks
):
    first = _submission(action)
    _post(client, _upload_url(first), files.jpeg_with_gps())
    assert services.drawings_expire() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.drawings_expire(now=timezone.now() + dt.timedelta(days=29)) == 1
    assert stored_files(private_dir) == []

    second = messaging_services.submission_create(
        action=action,
        data=submission_data(email="sam@example.com", body="Another story " * 20),
        language="en-gb",
    )
    _post(client, _upload_url(second), files.png(), name="d.png", kind="image/png")
    Message.objects.filter(submission=second).update(body_deleted_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.drawings_expire() == 1
    assert not ChildDrawing.objects.exists() and stored_files(private_dir) == []


def test_the_stored_copy_is_a_clean_image(client, action, mail, private_dir):
    _post(client, _upload_url(_submission(action)), files.jpeg_with_gps(40, 20))
    [stored] = stored_files(private_dir)
    assert Image.open(io.BytesIO(stored.read_bytes())).size == (20, 40)


def test_a_printed_letter_carries_the_drawing_on_its_own_page(client, place, mail):
    from pypdf import PdfReader

    from kinship.campaigns.models import ActionKind
    from kinship.campaigns.tests.factories import ActionFactory
    from kinship.messaging.pdf import letter_pdf

    action = ActionFactory(kind=ActionKind.LETTER, target_roles=["lead_member_children"])
    submission = _submission(action)
    _post(client, _upload_url(submission), files.jpeg_with_gps(400, 300))
    messaging_services.submission_confirm(
        token=messaging_tokens.make_token(submission.pk, salt=messaging_tokens.CONFIRM_SALT)
    )
    reader = PdfReader(io.BytesIO(letter_pdf(submission.messages.get())))
    assert len(reader.pages) == 2
    assert list(reader.pages[1].images) and not list(reader.pages[0].images)


def test_a_supporters_erasure_deletes_the_drawing_before_messages_forget_the_address(
    client, action, mail, private_dir, django_capture_on_commit_callbacks
):
    from kinship.supporters.models import Supporter
    from kinship.supporters.services import supporter_erase, supporter_export

    _post(client, _upload_url(_submission(action)), files.jpeg_with_gps())
    supporter = Supporter.objects.create(email="gwen@example.com", name="Gwen Jones", postcode="XX1 1AA")
    assert supporter_export(supporter=supporter)["child_drawings"][0]["kind"] == "image/jpeg"
    with django_capture_on_commit_callbacks(execute=True):
        supporter_erase(supporter=supporter)
    assert not ChildDrawing.objects.exists() and stored_files(private_dir) == []


def test_the_drain_reads_a_batchs_drawings_in_one_query(client, action, smtp, db_tasks, private_dir):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kinship.messaging.tests.conftest import submit_and_confirm

    with_drawing = _submission(action)
    assert _post(client, _upload_url(with_drawing), files.jpeg_with_gps()).status_code == 302
    messaging_services.submission_confirm(
        token=messaging_tokens.make_token(with_drawing.pk, salt=messaging_tokens.CONFIRM_SALT)
    )
    submit_and_confirm(action, n=3)  # three more carers, with no drawing
    queued = Message.objects.filter(status="queued").count()
    assert queued == 8

    with CaptureQueriesContext(connection) as queries:
        assert messaging_services.messages_drain() == queued
    drawing_reads = [q for q in queries.captured_queries if ChildDrawing._meta.db_table in q["sql"]]
    assert len(drawing_reads) == 1  # for the batch, not one per email

    stored = stored_files(private_dir)[0].read_bytes()
    with_files = [m for m in smtp.inbox.messages if list(m.iter_attachments())]  # type: ignore[attr-defined]
    assert len(with_files) == 2  # the carer's two recipients, each with the child's drawing
    for email in with_files:
        [part] = list(email.iter_attachments())  # type: ignore[attr-defined]
        assert part.get_content() == stored
