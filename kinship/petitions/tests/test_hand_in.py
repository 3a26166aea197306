"""Hand-ins: the PDF (checked with pdfinfo and rendered to PNG with pdftoppm), the email to the
target and to each MP, the record, milestones; and the staff pages around them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User

from kinship.core.models import OutboundEmail
from kinship.core.tests.staff import login_verified
from kinship.petitions import handin, services
from kinship.petitions.models import HandIn, HandInTrigger, Signature, SignatureStatus
from kinship.petitions.tests.helpers import last_confirm_token, sign
from kinship.representatives.demo import load_demo_people

pytestmark = pytest.mark.django_db


def _signed(petition, n: int, *, postcode: str = "XX1 1AA", prefix: str = "p", show: bool = False) -> None:
    for i in range(n):
        sign(
            petition,
            name=f"Signer {prefix}{i}",
            email=f"{prefix}{i}@example.org",
            postcode=postcode,
            show_name=show,
        )
        services.signature_confirm(token=last_confirm_token(f"{prefix}{i}@example.org"))


def _pdf_text(pdf: bytes, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "hand-in.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return info, text


@pytest.fixture
def people(demo_places):
    load_demo_people()


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils (pdfinfo) not installed")
def test_hand_in_pdf_email_mps_and_record(petition, people, tmp_path):
    petition.names_public = True
    petition.save()
    _signed(petition, 6, prefix="a", show=True)
    _signed(petition, 2, postcode="XX3 1AA", prefix="w")
    record = handin.handin_create(petition=petition, by="staffer")
    assert record.count == 8 and record.trigger == HandInTrigger.STAFF and record.handed_in_by == "staffer"

    info, text = _pdf_text(bytes(record.pdf), tmp_path)
    assert "Pages:" in info
    assert "595.276 x 841.89" in info or "(A4)" in info  # A4
    assert petition.action.title in text
    assert "8 confirmed signatures" in text
    assert "E14900001" not in text  # constituencies by name, not code
    assert "fewer than 5" in text  # the Welsh constituency's 2
    assert "Signer a0" in text and "Signer w0" not in text  # only those who agreed are named

    target = OutboundEmail.objects.get(kind="petition_hand_in")
    assert target.to == "minister@education.example.org"
    assert "8 people" in target.text_body and "/petitions/hand-in/" in target.text_body
    assert record.email_subject == target.subject and record.email_text == target.text_body

    mp_mails = {m.to: m for m in OutboundEmail.objects.filter(kind="petition_mp")}
    assert record.mp_emails == len(mp_mails) == 2
    english = mp_mails["morgan.fictional.mp@example.org"]
    assert english.context["count"] == 6
    assert english.context["url"].endswith(f"/petitions/{petition.slug}/constituencies/E14900001/")
    assert mp_mails["gareth.sample.mp@example.org"].context["count"] is None  # fewer than 5

    # Looked at: rendered to PNG (kept in the test's temporary folder).
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "50",
                "-f",
                "1",
                "-l",
                "1",
                str(tmp_path / "hand-in.pdf"),
                str(tmp_path / "page"),
            ],
            check=True,
        )
        pages = list(tmp_path.glob("page*.png"))
        assert pages
        keep = os.environ.get("KINSHIP_KEEP_TEST_PNG")  # a folder to look at the page in
        if keep:
            shutil.copy(pages[0], Path(keep) / "petition-hand-in.png")


def test_names_stay_private_when_the_petition_does_not_allow_them(petition, tmp_path):
    _signed(petition, 5, prefix="b", show=True)
    assert not Signature.objects.filter(show_name=True).exists()
    record = handin.handin_create(petition=petition)
    if shutil.which("pdftotext"):
        _info, text = _pdf_text(bytes(record.pdf), tmp_path)
        assert "Signer b0" not in text


def test_the_pdf_link_in_the_email_opens_the_pdf(client, petition):
    _signed(petition, 1)
    record = handin.handin_create(petition=petition)
    response = client.get(handin.handin_pdf_url(record).replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get("/petitions/hand-in/broken/hand-in.pdf").status_code == 404


def test_a_milestone_is_handed_in_once(petition):
    petition.milestones = [3, 100]
    petition.save()
    _signed(petition, 3)
    services.petition_count(petition=petition)
    assert handin.milestones_hand_in() == 1
    assert handin.milestones_hand_in() == 0
    record = HandIn.objects.get()
    assert (record.trigger, record.milestone, record.count) == (HandInTrigger.MILESTONE, 3, 3)


def test_the_periodic_job_counts_and_hands_in(petition):
    from kinship.petitions.periodic import count

    petition.milestones = [2]
    petition.save()
    _signed(petition, 2)
    count()
    petition.refresh_from_db()
    assert petition.counted_total == 2 and petition.counted_at is not None
    assert HandIn.objects.filter(milestone=2).count() == 1


# ---------------------------------------------------------------- staff pages


@pytest.fixture
def staff(client, db):
    user = User.objects.create_user("mod", password="pw-for-tests-only", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="handle_signatures"))
    login_verified(client, user)
    return client


def test_staff_pages_need_the_permission(client, petition):
    user = User.objects.create_user("plain", password="pw-for-tests-only", is_staff=True)
    login_verified(client, user)
    assert client.get("/staff/petitions/").status_code == 403
    client.logout()
    assert client.get("/staff/petitions/").status_code == 302  # to the sign-in page


def test_staff_void_a_cluster_from_the_review_page(staff, petition, settings):
    settings.KINSHIP_PETITION_CLUSTER_MIN = 3
    for i in range(3):
        sign(petition, name=f"Bot {i}", email=f"bot{i}@botfarm.example", ip="203.0.113.7")
        services.signature_confirm(token=last_confirm_token(f"bot{i}@botfarm.example"))
    _signed(petition, 1, prefix="real")
    page = staff.get(f"/staff/petitions/{petition.pk}/").content.decode()
    assert "Connection 203.0.113.7" in page and "Email domain botfarm.example" in page
    from kinship.petitions.selectors import suspicious_clusters

    cluster = next(c for c in suspicious_clusters(petition=petition) if c.kind == "ip")
    response = staff.post(
        f"/staff/petitions/{petition.pk}/clusters/void/",
        {"kind": "ip", "value": cluster.value, "hour": cluster.hour.isoformat()},
    )
    assert response.status_code == 302
    assert Signature.objects.filter(status=SignatureStatus.VOIDED).count() == 3
    petition.refresh_from_db()
    assert petition.counted_total == 1
    assert "No suspicious clusters." in staff.get(f"/staff/petitions/{petition.pk}/").content.decode()


def test_staff_count_held_signatures(staff, petition, settings):
    settings.KINSHIP_RATE_SIGN_IP_HOLD = "0/3600"
    _signed(petition, 2)
    assert Signature.objects.filter(status=SignatureStatus.HELD).count() == 2
    ids = [str(pk) for pk in Signature.objects.values_list("pk", flat=True)]
    staff.post(f"/staff/petitions/{petition.pk}/held/", {"signature": ids[:1], "decision": "count"})
    staff.post(f"/staff/petitions/{petition.pk}/held/", {"signature": ids[1:], "decision": "void"})
    assert sorted(Signature.objects.values_list("status", flat=True)) == ["confirmed", "voided"]


def test_staff_hand_in_and_download(staff, petition):
    _signed(petition, 1)
    assert staff.post(f"/staff/petitions/{petition.pk}/hand-in/").status_code == 302
    record = HandIn.objects.get()
    assert "Hand it in now" in staff.get(f"/staff/petitions/{petition.pk}/").content.decode()
    assert staff.get(f"/staff/petitions/hand-ins/{record.pk}.pdf").content.startswith(b"%PDF")


def test_the_export_neutralises_formulas(staff, petition):
    Signature.objects.create(
        petition=petition,
        name="=HYPERLINK(1)",
        name_key="x",
        email="x@example.org",
        email_canonical="x@example.org",
        email_domain="example.org",
        postcode="XX1 1AA",
    )
    body = b"".join(staff.get(f"/staff/petitions/{petition.pk}/signatures.csv").streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
    assert body.splitlines()[0].startswith("signed_at,status,name")


def test_admin_pages_for_petitions_and_hand_ins(admin_client, petition):
    _signed(petition, 1)
    record = handin.handin_create(petition=petition)
    assert admin_client.get("/staff/admin/petitions/petition/").status_code == 200
    assert admin_client.get(f"/staff/admin/petitions/petition/{petition.pk}/change/").status_code == 200
    assert admin_client.get("/staff/admin/petitions/petition/add/").status_code == 200
    page = admin_client.get(f"/staff/admin/petitions/handin/{record.pk}/change/")
    assert page.status_code == 200 and b"%PDF" not in page.content
