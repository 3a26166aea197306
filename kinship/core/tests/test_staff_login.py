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


def login(client, username, password, **extra):
    return client.post("/staff/admin/login/", {"username": username, "password": password}, **extra)


def test_spraying_many_usernames_from_one_address_is_locked(client, settings):
    User.objects.create_user("editor", password="the-right-password-123", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"guess-{n}", "wrong")

    response = login(client, "editor", "the-right-password-123")

    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_is_locked_on_its_own(client, settings):
    settings.KINSHIP_TRUSTED_PROXIES = ["127.0.0.1"]
    User.objects.create_user("editor", password="the-right-password-123", is_staff=True)
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    colleague = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"guess-{n}", "wrong", **attacker)

    assert login(client, "editor", "the-right-password-123", **attacker).status_code == 429
    assert login(client, "editor", "the-right-password-123", **colleague).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lockout(client, settings):
    settings.KINSHIP_TRUSTED_PROXIES = ["127.0.0.1"]
    User.objects.create_user("editor", password="the-right-password-123", is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The proxy appends the address it saw; the client wrote the rest.
        forged = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"10.9.9.{n}, 198.51.100.66"}
        login(client, "editor", "wrong", **forged)

    again = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.1.1.1, 198.51.100.66"}
    assert login(client, "editor", "the-right-password-123", **again).status_code == 429


def test_client_ip_ignores_forwarded_for_from_an_untrusted_peer(rf, settings):
    from kinship.core.ratelimit import client_ip

    settings.KINSHIP_TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert client_ip(request) == "203.0.113.9"


def test_client_ip_skips_every_trusted_proxy_hop(rf, settings):
    from kinship.core.ratelimit import client_ip

    settings.KINSHIP_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.1.2.3")

    assert client_ip(request) == "198.51.100.7"
