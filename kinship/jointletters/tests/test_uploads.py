"""kinship.core.uploads: the content decides, metadata goes, hostile files are refused kindly."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from kinship.core import uploads
from kinship.jointletters.tests import files


def test_a_jpeg_with_gps_comes_back_upright_with_no_metadata_at_all():
    original = files.jpeg_with_gps(40, 20)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(files.GPS_IFD)  # the test file has GPS

    clean = uploads.clean_upload(original)

    assert clean.mimetype == "image/jpeg" and clean.extension == ".jpg"
    image = Image.open(io.BytesIO(clean.content))
    assert image.size == (20, 40)  # EXIF orientation applied
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(files.GPS_IFD)
    assert not {"exif", "icc_profile", "comment", "xmp", "photoshop"} & set(image.info)
    assert b"Exif" not in clean.content and b"Maple Primary" not in clean.content


def test_a_png_loses_its_text_chunks():
    clean = uploads.clean_upload(files.png(text="Sam Jones, Maple Primary School"))
    image = Image.open(io.BytesIO(clean.content))
    assert clean.mimetype == "image/png"
    assert "Comment" not in image.info and b"Maple" not in clean.content


def test_a_one_page_pdf_is_rebuilt_without_metadata_or_javascript():
    original = files.pdf(javascript=True)
    assert b"/JavaScript" in original and b"/OpenAction" in original and b"Sam Jones" in original
    clean = uploads.clean_upload(original)
    reader = PdfReader(io.BytesIO(clean.content))
    assert clean.mimetype == "application/pdf" and len(reader.pages) == 1
    assert not reader.metadata
    root = reader.trailer["/Root"]
    assert "/Names" not in root and "/OpenAction" not in root and "/AcroForm" not in root
    assert b"/JavaScript" not in clean.content and b"/Annots" not in clean.content
    assert b"Sam Jones" not in clean.content and b"Maple" not in clean.content


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (files.SVG_WITH_SCRIPT, "photo (JPEG or PNG) or a one-page PDF"),
        (files.HTML, "photo (JPEG or PNG) or a one-page PDF"),
        (files.zip_file(), "photo (JPEG or PNG) or a one-page PDF"),
        (b"", "The file is empty"),
        (b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024), "bigger than 10 MB"),
        (files.png_declaring(30000, 30000), "too big for us to use"),
        (files.png_declaring(7000, 7000), "too big for us to use"),  # our cap, below Pillow's warning
        (files.truncated_jpeg(), "damaged or only partly saved"),
        (files.pdf(pages=2), "exactly one page"),
        (b"%PDF-1.7\n garbage", "could not open this PDF"),
        (b"\0\0\0\x18ftypheic" + b"\0" * 40, "save or share the photo as a JPEG"),
    ],
    ids=[
        "svg",
        "html",
        "zip",
        "empty",
        "too-large",
        "pixel-bomb",
        "over-our-cap",
        "truncated",
        "two-pages",
        "broken-pdf",
        "heic",
    ],
)
def test_hostile_or_unusable_files_are_refused_with_a_kind_message(data, words):
    with pytest.raises(uploads.UploadRefusedError) as refused:
        uploads.clean_upload(data)
    assert words in str(refused.value)


def test_private_files_live_outside_media_root_under_random_names(settings, private_dir):
    name = uploads.private_save(b"x", extension=".jpg")
    other = uploads.private_save(b"x", extension=".jpg")
    assert name != other and len(name) > 30
    path = private_dir / name
    assert path.read_bytes() == b"x" and (path.stat().st_mode & 0o077) == 0
    assert str(settings.MEDIA_ROOT) not in str(path)
    with pytest.raises(FileNotFoundError):
        uploads.private_read("../" + name)
    uploads.private_delete(name)
    assert not path.exists()


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_allows_truncated_images(monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what `import weasyprint` does
    with pytest.raises(uploads.UploadRefusedError, match="damaged or only partly saved"):
        uploads.clean_upload(files.truncated_jpeg())
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as it was found
