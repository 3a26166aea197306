"""Issue 10: in the demo (DEBUG on) a missing page shows the branded 404 page, not Django's
technical one."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

BRANDED = "kinship.site.middleware.BrandedNotFoundInDebug"


@pytest.fixture
def demo_debug(settings):  # type: ignore[no-untyped-def]
    settings.MIDDLEWARE = [BRANDED, *settings.MIDDLEWARE]
    with override_settings(DEBUG=True):
        yield


@pytest.mark.parametrize("path", ["/no-such-page/", "/cy/no-such-page/", "/campaigns/no-such-campaign/"])
def test_a_missing_page_in_the_demo_is_the_branded_404(client, demo_debug, path):
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 404
    assert "DEBUG = True" not in body and "Using the URLconf" not in body
    assert 'class="govuk-skip-link"' in body  # the site's own page, in its own template


def test_the_api_keeps_its_json_404(client, demo_debug):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_the_demo_settings_use_it():
    from config.settings import dev

    assert dev.MIDDLEWARE[0] == BRANDED
