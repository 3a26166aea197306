"""Printable letters: A4, one page, Welsh letters intact, and a PNG to look at."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kinship.campaigns.models import ActionKind
from kinship.campaigns.tests.factories import ActionFactory
from kinship.messaging import services, tokens
from kinship.messaging.pdf import letter_pdf
from kinship.messaging.tests.factories import submission_data

pytestmark = pytest.mark.django_db

WELSH = (
    "Rwy'n ofalwr sy'n berthynas. Mae'r plant yn byw gyda ni yn Nhŷ Ŵyn ers dwy flynedd, a hoffwn gael ateb."
)


@pytest.fixture
def letter(place):  # type: ignore[no-untyped-def]
    action = ActionFactory(kind=ActionKind.LETTER, target_roles=["lead_member_children"])
    sub = services.submission_create(
        action=action,
        data=submission_data(
            postcode="XX3 1AA",
            first_name="Siân",
            last_name="Gŵyn",
            address_line1="2 Heol yr Ŷd",
            town="Tre Ŵyn",
            body=WELSH,
        ),
        language="cy",
    )
    services.submission_confirm(token=tokens.make_token(sub.pk, salt=tokens.CONFIRM_SALT))
    return sub.messages.get()


def test_letter_is_one_a4_page_with_welsh_characters(letter, tmp_path: Path):
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) not installed")
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter_pdf(letter))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    assert "595.276 x 841.89 pts (A4)" in info or "(A4)" in info

    from pypdf import PdfReader

    text = PdfReader(str(path)).pages[0].extract_text()
    for expected in ("Siân Gŵyn", "Heol yr Ŷd", "Nhŷ Ŵyn", "Cynghorydd Dŵr Ŷr", "Heol y Bŵer"):
        assert expected in text, expected


def test_letter_renders_to_png(letter, tmp_path: Path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) not installed")
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter_pdf(letter))
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 5000
    keep = Path("/tmp/kinship-letter-preview.png")
    shutil.copy(pngs[0], keep)  # for a person to look at
