import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.urls import reverse

from kinship.campaigns.selectors import campaign_supporter_count
from kinship.campaigns.tests.factories import CampaignFactory
from kinship.core.groups import CAMPAIGN_EDITORS, DATA_STEWARDS, MODERATORS
from kinship.core.tests.staff import login_verified
from kinship.supporters import services, tokens
from kinship.supporters.models import ConsentRecord, DataRequestLog, Signup, Supporter
from kinship.supporters.tests.factories import SupporterFactory

pytestmark = pytest.mark.django_db


def joined_supporter(email="ada@example.org", consent=True):
    campaign = CampaignFactory()
    signup = services.supporter_join(
        campaign=campaign,
        data=services.JoinInput("Ada Example", email, "CF10 1AA", "yes", consent),
        source_url="http://testserver/campaigns/x/join/",
        language="en-gb",
    )
    services.signup_confirm(token=tokens.make_token(signup.pk, salt=tokens.JOIN_SALT))
    return signup.supporter, campaign


def data_link(email_message) -> str:
    match = re.search(r"http://\S+(/your-data/\S+?/)", email_message.body)
    assert match
    return match.group(1)


def test_data_request_for_unknown_address_looks_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("supporters:data_request"), {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert "If that address is one we hold" in response.content.decode()
    assert len(mail.outbox) == 0


def test_data_request_emails_a_private_link(client, django_capture_on_commit_callbacks):
    joined_supporter()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("supporters:data_request"), {"email": " ADA@example.org"})
    assert len(mail.outbox) == 1
    assert client.get(data_link(mail.outbox[0])).status_code == 200


def test_download_contains_details_campaigns_and_consents(client, django_capture_on_commit_callbacks):
    supporter, campaign = joined_supporter()
    token = tokens.make_token(supporter.pk, salt=tokens.DATA_ACCESS_SALT)
    response = client.post(reverse("supporters:data_download", kwargs={"token": token}))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["supporter"]["email"] == "ada@example.org"
    assert data["campaigns"][0]["campaign"] == campaign.title
    assert data["consents"][0]["wording_version"]
    assert DataRequestLog.objects.filter(kind="export").count() == 1


def test_erasure_removes_personal_data_but_keeps_the_count(client):
    supporter, campaign = joined_supporter()
    assert campaign_supporter_count(campaign=campaign) == 1
    token = tokens.make_token(supporter.pk, salt=tokens.DATA_ACCESS_SALT)
    response = client.post(reverse("supporters:data_erase", kwargs={"token": token}), {"confirm": "on"})
    assert response.status_code == 302
    supporter.refresh_from_db()
    assert supporter.name == "" and supporter.postcode == ""
    assert "ada" not in supporter.email
    assert supporter.erased_at is not None
    assert ConsentRecord.objects.count() == 0
    assert Signup.objects.filter(campaign=campaign).count() == 1
    assert campaign_supporter_count(campaign=campaign) == 1
    assert DataRequestLog.objects.filter(kind="erasure").count() == 1
    # The link is dead afterwards.
    assert client.get(reverse("supporters:data_manage", kwargs={"token": token})).status_code == 404


def test_erasure_needs_the_box_ticked(client):
    supporter, _ = joined_supporter()
    token = tokens.make_token(supporter.pk, salt=tokens.DATA_ACCESS_SALT)
    response = client.post(reverse("supporters:data_erase", kwargs={"token": token}), {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.erased_at is None


def test_erased_person_can_join_again_as_new(django_capture_on_commit_callbacks):
    supporter, campaign = joined_supporter()
    services.supporter_erase(supporter=supporter)
    _, again = joined_supporter(email="ada@example.org")
    assert Supporter.objects.filter(email="ada@example.org").count() == 1


def test_unsubscribe_get_changes_nothing_and_post_records_withdrawal(client):
    supporter, _ = joined_supporter()
    token = tokens.make_token(supporter.pk, salt=tokens.UNSUBSCRIBE_SALT)
    client.get(reverse("supporters:unsubscribe", kwargs={"token": token}))
    assert services.supporter_has_contact_consent(supporter=supporter)
    client.post(reverse("supporters:unsubscribe", kwargs={"token": token}))
    assert not services.supporter_has_contact_consent(supporter=supporter)
    assert ConsentRecord.objects.filter(given=False).count() == 1


def staff(client, *perms, username="staffer"):
    user = User.objects.create_user(username, password="a-long-enough-password", is_staff=True)
    for group in perms:
        user.groups.add(Group.objects.get(name=group))
    login_verified(client, user)
    return user


def test_staff_csv_export_neutralises_spreadsheet_formulas(client):
    SupporterFactory(name='=HYPERLINK("http://evil")', email="x@example.org")
    SupporterFactory(name="+44 trick", email="y@example.org")
    SupporterFactory(name="@SUM(A1)", email="z@example.org")
    SupporterFactory(name="-1+1", email="w@example.org")
    staff(client, DATA_STEWARDS)
    ids = list(Supporter.objects.values_list("pk", flat=True))
    response = client.post(
        "/staff/admin/supporters/supporter/",
        {"action": "export_csv", "_selected_action": [str(i) for i in ids]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    names = {row[1] for row in rows[1:]}
    assert all(name.startswith("'") for name in names), names


def test_staff_erasure_from_admin_needs_the_erase_permission(client):
    supporter, _ = joined_supporter()
    staff(client, CAMPAIGN_EDITORS)
    response = client.get("/staff/admin/supporters/supporter/")
    assert response.status_code in (302, 403)  # editors cannot see supporters at all
    client.logout()
    staff(client, DATA_STEWARDS, username="steward")
    client.post(
        "/staff/admin/supporters/supporter/",
        {"action": "erase_personal_data", "_selected_action": [str(supporter.pk)]},
    )
    supporter.refresh_from_db()
    assert supporter.erased_at is not None
    assert DataRequestLog.objects.get(kind="erasure").handled_by == "steward"


def test_the_three_staff_groups_exist_with_permissions():
    editors = Group.objects.get(name=CAMPAIGN_EDITORS)
    stewards = Group.objects.get(name=DATA_STEWARDS)
    assert Group.objects.filter(name=MODERATORS).exists()
    assert editors.permissions.filter(codename="change_campaign").exists()
    assert not editors.permissions.filter(codename="view_supporter").exists()
    assert stewards.permissions.filter(codename="erase_supporter").exists()


def test_expired_data_link_says_it_has_expired_on_every_page(client, monkeypatch):
    from datetime import timedelta

    supporter, _ = joined_supporter()
    token = tokens.make_token(supporter.pk, salt=tokens.DATA_ACCESS_SALT)
    monkeypatch.setattr(tokens, "DATA_ACCESS_MAX_AGE", timedelta(seconds=-1))
    for method, name in [("get", "data_manage"), ("post", "data_download"), ("post", "data_erase")]:
        response = getattr(client, method)(reverse(f"supporters:{name}", kwargs={"token": token}))
        assert response.status_code == 410, name
        assert "This link has expired" in response.content.decode(), name
    supporter.refresh_from_db()
    assert supporter.erased_at is None


def test_moderators_cannot_export_supporters_from_the_admin(client):
    SupporterFactory(name="Someone", email="someone@example.org")
    staff(client, MODERATORS, username="moderator")
    ids = [str(pk) for pk in Supporter.objects.values_list("pk", flat=True)]
    for action in ("export_csv", "export_personal_data"):
        response = client.post(
            "/staff/admin/supporters/supporter/", {"action": action, "_selected_action": ids}
        )
        # The admin refuses an action the user lacks and shows the list again: no file comes back.
        assert response.get("Content-Disposition") is None, action
        assert response["Content-Type"].startswith("text/html"), action
