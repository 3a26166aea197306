import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def test_staff_pages_need_login(client):
    response = client.get("/staff/admin/supporters/supporter/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_repeated_failed_logins_lock_the_account(client, settings):
    User.objects.create_user("editor", password="the-right-password-123", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/staff/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post(
        "/staff/admin/login/", {"username": "editor", "password": "the-right-password-123"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
