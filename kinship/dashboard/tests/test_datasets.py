"""Staff import datasets from CSV in the console: data stewards only; every problem listed by
line and nothing saved; a good file imported and shown on the maps."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinship.core.groups import CAMPAIGN_EDITORS, DATA_STEWARDS, ensure_staff_groups
from kinship.core.tests.staff import login_verified
from kinship.stats.models import Dataset, DatasetValue

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:dataset_import")


def _staff(client, group: str):
    ensure_staff_groups()
    user = get_user_model().objects.create_user(
        group.split()[0].lower(), password="correct-horse-battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    login_verified(client, user)
    return user


def _post(client, body: bytes, **extra: str):
    data = {
        "slug": "kin",
        "title": "Children in kinship care",
        "unit": "children",
        "source": "ONS Census 2021",
        "licence": "OGL v3.0",
        "published_on": "2023-09-26",
        "area_kind": "constituency",
        "public": "on",
        "file": SimpleUploadedFile("kin.csv", body, content_type="text/csv"),
        **extra,
    }
    return client.post(URL, data)


def test_only_data_stewards_may_import(client, demo_places):
    assert client.get(URL).status_code == 302  # not signed in
    _staff(client, CAMPAIGN_EDITORS)
    assert client.get(URL).status_code == 403


def test_every_problem_is_listed_and_nothing_is_saved(client, demo_places):
    _staff(client, DATA_STEWARDS)
    response = _post(client, b"area_code,value\nE14900001,12\nE14999999,3\nE14900002,many\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "line 3: no area has the code &#x27;E14999999&#x27;" in html
    assert "line 4: &#x27;many&#x27; is not a number" in html
    assert not Dataset.objects.exists()


def test_a_file_that_is_not_text_gets_a_clear_message(client, demo_places):
    _staff(client, DATA_STEWARDS)
    html = _post(client, b"\xff\xfe\x00\x01binary").content.decode()
    assert "not UTF-8 text" in html or "area_code and value" in html
    assert not Dataset.objects.exists()


def test_a_good_file_is_imported_and_appears_on_the_map(client, demo_places):
    _staff(client, DATA_STEWARDS)
    response = _post(client, b"area_code,value\nE14900001,12\nE14900002,30\n")
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:datasets")
    assert DatasetValue.objects.count() == 2
    listing = client.get(reverse("dashboard:datasets")).content.decode()
    assert "Children in kinship care" in listing
    client.logout()
    page = client.get(reverse("areas:maps"), {"layer": "data:kin"}).content.decode()
    assert '<h2 class="govuk-heading-l" id="layer-title">Children in kinship care</h2>' in page
    table = page[page.index('id="map-table"') :]
    assert "Exampleborough Central</a></td>" in table and ">30</td>" in table
