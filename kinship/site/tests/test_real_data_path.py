"""The real-data path has no hidden step: after `migrate` alone, on a fresh SQLite database
with the default (database) cache, the postcode API, the Your area page and the join form
answer without a server error. And a failing rate-limit store never makes a page fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from kinship.campaigns.tests.factories import CampaignFactory

ROOT = Path(__file__).resolve().parents[3]
UNREACHABLE = {"default": {"BACKEND": "kinship.core.tests.failing_cache.UnreachableCache"}}

# Run inside the fresh site after `migrate`: one campaign to join, then the three requests.
REQUESTS = """
import json
from django.db import connection
from django.test import Client
from kinship.campaigns.models import Campaign, CampaignStatus
Campaign.objects.create(slug="vol", title="Value Our Love", summary="s", story="s", status=CampaignStatus.LIVE)
client = Client()
join = {"name": "Gwen", "email": "gwen@example.com", "is_kinship_carer": "yes"}
print(json.dumps({
    "cache_table": "kinship_cache" in connection.introspection.table_names(),
    "api": client.get("/api/v1/postcodes/SW1A1AA").status_code,
    "your_area": client.get("/your-area/", {"postcode": "SW1A 1AA"}).status_code,
    "join": client.post("/campaigns/vol/join/", join).status_code,
}))
"""


def _manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "KINSHIP_", "DATABASE_", "REDIS_"))
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.dev", "KINSHIP_VAR_DIR": str(tmp_path)})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_after_migrate_alone_the_api_your_area_and_join_form_work(tmp_path):
    migrated = _manage(tmp_path, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    ran = _manage(tmp_path, "shell", "-c", REQUESTS)
    assert ran.returncode == 0, ran.stderr
    answers = json.loads(ran.stdout.strip().splitlines()[-1])
    # No data loaded yet: the postcode is unknown (404 JSON), the page says so, the join works.
    assert answers == {"cache_table": True, "api": 404, "your_area": 200, "join": 302}


@pytest.mark.django_db
def test_pages_work_when_the_rate_limit_store_is_down(client, settings, demo_places, caplog):
    settings.KINSHIP_RATE_LIMITS_ENABLED = True
    settings.CACHES = {**settings.CACHES, **UNREACHABLE}
    campaign = CampaignFactory(slug="vol")
    assert client.get("/api/v1/postcodes/XX1 1AA").status_code == 200
    assert client.get(reverse("geography:your_area"), {"postcode": "XX1 1AA"}).status_code == 200
    joined = client.post(
        reverse("supporters:join", kwargs={"slug": campaign.slug}),
        {"name": "Gwen", "email": "gwen@example.com", "is_kinship_carer": "yes"},
    )
    assert joined.status_code == 302
    assert caplog.text.count("rate-limit store failed") >= 3
