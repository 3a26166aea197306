"""The public "Is this wrong?" report and the stewards' queue."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from kinship.representatives import services
from kinship.representatives.models import CorrectionReport, CorrectionStatus
from kinship.representatives.selectors import office_entry, open_correction_reports
from kinship.representatives.tests.factories import CorrectionReportFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory()


def _url(office) -> str:
    return reverse("representatives:correction_report", args=[office.pk])


def test_the_form_shows_who_the_report_is_about(client, office):
    response = client.get(_url(office))

    assert response.status_code == 200
    assert office.person.name in response.content.decode()


def test_a_report_is_queued_for_stewards(client, office):
    response = client.post(
        _url(office), {"what_is_wrong": "They stood down in May 2026.", "reporter_email": ""}
    )

    assert response.status_code == 302
    report = CorrectionReport.objects.get()
    assert report.office == office and report.status == CorrectionStatus.OPEN
    assert list(open_correction_reports()) == [report]


def test_an_empty_report_gets_a_kind_error(client, office):
    response = client.post(_url(office), {"what_is_wrong": ""})

    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Tell us what is wrong" in body
    assert not CorrectionReport.objects.exists()


def test_a_bad_reporter_email_gets_a_kind_error(client, office):
    response = client.post(_url(office), {"what_is_wrong": "Wrong party shown", "reporter_email": "nope"})

    assert response.status_code == 400
    assert "like name@example.com" in response.content.decode()


def test_reports_are_rate_limited_per_ip(client, office, settings):
    settings.KINSHIP_RATE_CORRECTION_IP = "2/3600"
    for _ in range(2):
        client.post(_url(office), {"what_is_wrong": "Wrong party shown"})

    response = client.post(_url(office), {"what_is_wrong": "Wrong party shown"})

    assert response.status_code == 400
    assert "a lot of reports" in response.content.decode()
    assert CorrectionReport.objects.count() == 2


def test_a_bot_filling_the_honeypot_is_thanked_but_nothing_is_stored(client, office):
    response = client.post(_url(office), {"what_is_wrong": "spam spam", "website": "http://spam"})

    assert response.status_code == 302
    assert not CorrectionReport.objects.exists()


def test_an_unknown_office_is_not_found(client):
    assert client.get(reverse("representatives:correction_report", args=[999999])).status_code == 404


def test_resolving_closes_the_report_forgets_the_email_and_marks_the_office_checked(office):
    user = get_user_model().objects.create_user("steward", password="x" * 12)
    office.last_checked_on = None
    office.save()
    report = services.correction_report_create(
        office=office, what_is_wrong="Old email", reporter_email="Me@Example.org"
    )

    services.correction_report_resolve(report=report, user=user, note="Email updated")

    report.refresh_from_db()
    office.refresh_from_db()
    assert report.status == CorrectionStatus.RESOLVED
    assert report.reporter_email == ""
    assert report.handled_by == user
    assert office.last_checked_on is not None and office.checked_by == "steward"


def test_a_report_cannot_be_handled_twice():
    report = CorrectionReportFactory()
    user = get_user_model().objects.create_user("steward", password="x" * 12)
    services.correction_report_reject(report=report, user=user)

    with pytest.raises(services.CorrectionAlreadyHandledError):
        services.correction_report_resolve(report=report, user=user)


def test_person_card_shows_checked_on_and_the_is_this_wrong_link(office):
    html = render_to_string("representatives/includes/person_card.html", {"entry": office_entry(office)})

    assert "Checked on" in html
    assert _url(office) in html
    assert office.person.name in html


def test_a_reporters_email_is_part_of_data_export_and_erasure(office):
    from types import SimpleNamespace

    report = services.correction_report_create(
        office=office, what_is_wrong="Old email", reporter_email="me@example.org"
    )
    me = SimpleNamespace(email="me@example.org")

    assert services.correction_reports_export(me)[0]["what_is_wrong"] == "Old email"
    services.correction_reports_erase(me)

    report.refresh_from_db()
    assert report.reporter_email == ""


def test_person_card_for_a_gap_offers_the_councils_general_contact():
    from kinship.geography.tests.factories import CouncilFactory
    from kinship.representatives.selectors import _gap

    council = CouncilFactory()
    entry = _gap("lead_member_children", council, code=council.code, name=council.name, council=council)

    html = render_to_string("representatives/includes/person_card.html", {"entry": entry})

    assert "we will not guess" in html
    assert council.contact_url in html
    assert "Is this wrong?" not in html


def test_reporter_emails_are_forgotten_after_the_retention_period(office):
    from datetime import timedelta

    from django.utils import timezone

    report = services.correction_report_create(
        office=office, what_is_wrong="Old email", reporter_email="me@example.org"
    )

    assert services.correction_reports_forget_old_emails(now=timezone.now() + timedelta(days=30)) == 0
    assert services.correction_reports_forget_old_emails(now=timezone.now() + timedelta(days=91)) == 1
    report.refresh_from_db()
    assert report.reporter_email == ""
