"""`load_open_data` runs each app's own open-data loader in order: geography's areas (and
postcodes), then representatives' open MP list. (`load_demo`: tests/test_demo.py.)"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kinship.geography.models import Area, AreaType, Postcode
from kinship.representatives.models import Role
from kinship.representatives.selectors import current_offices

pytestmark = pytest.mark.django_db


def test_load_open_data_loads_areas_then_the_open_mp_list(shared_data):
    out = io.StringIO()
    call_command("load_open_data", str(shared_data), "--skip-postcodes", stdout=out)
    assert Area.objects.filter(type=AreaType.CONSTITUENCY, is_demo=False).count() >= 650
    assert current_offices().filter(role=Role.MP, area__type=AreaType.CONSTITUENCY).count() >= 600
    assert not Postcode.objects.exists()
    assert "MPs from current-MPs.csv" in out.getvalue()
