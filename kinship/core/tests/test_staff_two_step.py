"""Staff two-step verification (kinship.core.staffauth): every staff page needs a second factor,
set up with a server-drawn QR code, with recovery codes; staff sessions end after a working day."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kinship.core import conf
from kinship.core.staffauth import STAFF_LOGIN_AT
from kinship.core.tests.staff import login_verified

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-123"
STAFF_PAGES = ["/staff/", "/cy/staff/", "/staff/admin/", "/staff/admin/supporters/supporter/"]


@pytest.fixture
def editor():
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True, is_superuser=True)


def code_for(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def app_for(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_with_only_a_password_are_sent_to_set_up_an_app(client, editor, page):
    client.force_login(editor)

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_2fa:setup") + "?next=")


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_with_an_app_are_asked_for_its_code(client, editor, page):
    app_for(editor)
    client.force_login(editor)

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_2fa:verify") + "?next=")


def test_set_up_shows_a_qr_code_drawn_here_and_the_key_to_type(client, editor):
    client.force_login(editor)

    response = client.get(reverse("staff_2fa:setup"))
    page = response.content.decode()

    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert device.config_url.split("secret=")[1][:4] in page.replace(" ", "")
    assert "no-store" in response["Cache-Control"]
    # Reloading keeps the same key, so a half-finished set-up still works.
    client.get(reverse("staff_2fa:setup"))
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_the_first_code_turns_it_on_shows_recovery_codes_and_opens_staff_pages(client, editor):
    client.force_login(editor)
    client.get(reverse("staff_2fa:setup"))
    device = TOTPDevice.objects.get(user=editor)

    response = client.post(reverse("staff_2fa:setup"), {"code": code_for(device), "next": "/staff/"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/admin/").status_code == 200


def test_a_wrong_code_does_not_turn_it_on(client, editor):
    client.force_login(editor)
    client.get(reverse("staff_2fa:setup"))

    response = client.post(reverse("staff_2fa:setup"), {"code": "000000"})

    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert client.get("/staff/").status_code == 302


def test_password_then_app_code_signs_staff_in(client, editor):
    device = app_for(editor)
    response = client.post(
        "/staff/admin/login/?next=/staff/admin/", {"username": "editor", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("staff_2fa:verify"))

    response = client.post(
        reverse("staff_2fa:verify"), {"code": code_for(device), "next": "/staff/admin/"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/staff/admin/"
    assert response.status_code == 200


def test_a_recovery_code_works_once(client, editor):
    app_for(editor)
    from kinship.core.staffauth import recovery_codes_replace

    code = recovery_codes_replace(user=editor)[0]
    client.force_login(editor)
    assert client.post(reverse("staff_2fa:verify"), {"code": code.upper()}).status_code == 302
    assert client.get("/staff/").status_code == 200

    client.logout()
    client.force_login(editor)
    response = client.post(reverse("staff_2fa:verify"), {"code": code})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()


def test_a_password_alone_cannot_replace_the_app(client, editor):
    app_for(editor)
    client.force_login(editor)

    response = client.get(reverse("staff_2fa:setup"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_2fa:verify"))
    assert not TOTPDevice.objects.filter(user=editor, confirmed=False).exists()


def test_verify_never_sends_people_to_another_site(client, editor):
    device = app_for(editor)
    client.force_login(editor)

    response = client.post(
        reverse("staff_2fa:verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("admin:index")


def test_staff_sessions_end_after_a_working_day(client, editor, settings):
    login_verified(client, editor)
    assert client.get("/staff/").status_code == 200
    session = client.session
    session[STAFF_LOGIN_AT] = time.time() - (conf.staff_session_hours() * 3600 + 60)
    session.save()

    response = client.get("/staff/")

    assert response.status_code == 302 and "/staff/admin/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_sign_in_sets_an_absolute_session_expiry(client, editor, settings):
    client.post("/staff/admin/login/", {"username": "editor", "password": PASSWORD})

    age = client.session.get_expiry_age()

    assert conf.staff_session_hours() * 3600 - 60 < age <= conf.staff_session_hours() * 3600


def test_the_admin_site_refuses_unverified_staff_itself(rf, editor):
    from django.contrib import admin
    from django_otp.middleware import OTPMiddleware

    request = rf.get("/anywhere/")
    request.user = editor
    request.session = {}
    OTPMiddleware(lambda r: None)._install_lazy_accessors(request)

    assert not admin.site.has_permission(request)


def test_the_demo_may_waive_the_second_factor(client, editor, settings):
    settings.KINSHIP_STAFF_2FA_REQUIRED = False
    client.force_login(editor)

    assert client.get("/staff/").status_code == 200


def test_production_refuses_to_start_with_the_second_factor_waived():
    from kinship.core.tests.test_settings import GOOD_KEY, run_manage

    result = run_manage(
        "check",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        KINSHIP_STAFF_2FA_REQUIRED="false",
    )

    assert result.returncode != 0
    assert "KINSHIP_STAFF_2FA_REQUIRED must be on in production" in result.stderr


def test_public_pages_do_not_ask_staff_for_a_code(client, editor):
    client.force_login(editor)

    assert client.get("/help/").status_code == 200


def test_staff_can_find_two_step_verification_from_the_admin_and_make_new_codes(client, editor):
    login_verified(client, editor)

    admin_page = client.get("/staff/admin/").content.decode()
    assert reverse("staff_2fa:manage") in admin_page

    response = client.post(reverse("staff_2fa:manage"))
    assert response.status_code == 200 and "Your new recovery codes" in response.content.decode()
    assert StaticToken.objects.filter(device__user=editor).count() == 10
