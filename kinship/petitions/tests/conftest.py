from __future__ import annotations

from typing import Any

import pytest

from kinship.petitions.models import Petition
from kinship.petitions.tests.factories import PetitionFactory


@pytest.fixture
def petition(demo_places: Any) -> Petition:
    return PetitionFactory()


@pytest.fixture
def mail(settings: Any) -> Any:
    settings.EMAIL_BACKEND = "kinship.core.mail.ModeEmailBackend"
    settings.KINSHIP_MAIL_MODE = "capture"
    from kinship.core.models import CapturedEmail

    return CapturedEmail.objects
