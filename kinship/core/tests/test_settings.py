"""Production settings refuse unsafe configuration; check --deploy is clean with real secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = "k" * 20 + "Zy9!aQ3#mP7$wR2%tL5^nB8&cX1*vF4(hJ6)"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KINSHIP_"))}
    full_env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_development_secret_key():
    result = run_manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = run_manage("check", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_DEBUG="true")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be off" in result.stderr


def test_check_deploy_is_clean_with_real_secrets():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_warns_loudly_when_rate_limits_are_off():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        KINSHIP_RATE_LIMITS="off",
    )
    assert "rate limits are switched OFF" in result.stderr
    assert "kinship.W001" in result.stdout + result.stderr


def test_database_connections_are_checked_before_reuse():
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_production_refuses_a_mail_provider_without_its_webhook_secret():
    result = run_manage(
        "check",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        KINSHIP_EMAIL_PROVIDER="postmark",
    )
    assert result.returncode != 0
    assert "ANYMAIL_WEBHOOK_SECRET" in result.stderr
