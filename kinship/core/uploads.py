"""Files people give us (a child's letter or drawing): checked, cleaned and kept privately.

One home for every rule about an uploaded file:
- what it is comes from its content (magic bytes), never from its name or the browser's type;
- images (JPEG, PNG, and HEIC when the installed Pillow reads it) are refused above our own pixel
  cap *before* decoding (Pillow's own bomb check only warns), refused when truncated, turned the
  right way up (EXIF orientation) and re-encoded from bare pixels, so no metadata survives
  (EXIF with GPS, XMP, ICC profiles, comments, PNG text chunks);
- a PDF must have exactly one page and is rebuilt into a new file with that page alone: no
  document information, XMP, JavaScript, OpenAction, annotations, forms or embedded files;
- kept under a random name in a private folder outside the web root and MEDIA_ROOT, never served
  by the web server (`KINSHIP_PRIVATE_STORAGE_DIR`).
Every refusal is an `UploadRefusedError` carrying a kind message for the person.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from kinship.core.conf import setting_int, setting_str

MAX_BYTES = 10 * 1024 * 1024
JPEG_QUALITY = 85


class UploadRefusedError(Exception):
    """The file cannot be used; `str(exc)` is a kind message for the person who sent it."""


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    mimetype: str
    extension: str  # with the dot: ".jpg", ".png", ".pdf"


def max_pixels() -> int:
    """Our own cap on an image's pixel count, checked before any pixel is decoded."""
    return setting_int("KINSHIP_UPLOAD_MAX_PIXELS", 40_000_000)


def private_dir() -> Path:
    """Where private files live: outside the web root and MEDIA_ROOT, never served directly."""
    default = str(Path(settings.VAR_DIR) / "private")
    return Path(setting_str("KINSHIP_PRIVATE_STORAGE_DIR", default))


# ---------------------------------------------------------------- what the content is


def sniff(data: bytes) -> str:
    """The kind of file from its first bytes: "jpeg", "png", "pdf", "heic" or ""."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data[4:8] == b"ftyp" and data[8:12] in {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"}:
        return "heic"
    return ""


def clean_upload(data: bytes) -> CleanFile:
    """Check `data` and return a clean copy, or raise UploadRefusedError with a kind message."""
    if not data:
        raise UploadRefusedError(_("The file is empty. Please choose the photo or scan again."))
    if len(data) > MAX_BYTES:
        raise UploadRefusedError(
            _("The file is bigger than 10 MB. Please take a smaller photo or scan, then try again.")
        )
    kind = sniff(data)
    if kind in {"jpeg", "png"}:
        return _clean_image(data, kind)
    if kind == "heic":
        return _clean_heic(data)
    if kind == "pdf":
        return _clean_pdf(data)
    raise UploadRefusedError(
        _("We can only take a photo (JPEG or PNG) or a one-page PDF. Please save it as a JPEG and try again.")
    )


# ---------------------------------------------------------------- images


def _damaged() -> UploadRefusedError:
    return UploadRefusedError(
        _("We could not open this picture: it may be damaged or only partly saved. Please try again.")
    )


def _too_many_pixels() -> UploadRefusedError:
    return UploadRefusedError(
        _("This picture is too big for us to use. Please send a smaller photo or scan.")
    )


def _clean_image(data: bytes, kind: str) -> CleanFile:
    from PIL import Image, ImageOps

    expected = {"jpeg": "JPEG", "png": "PNG"}.get(kind)
    with warnings.catch_warnings():
        # Pillow only warns about a large image; here every warning is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[expected] if expected else None)
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels() from exc
        except (Image.DecompressionBombWarning, OSError, SyntaxError, ValueError) as exc:
            if isinstance(exc, Image.DecompressionBombWarning):
                raise _too_many_pixels() from exc
            raise _damaged() from exc
        with image:
            width, height = image.size
            # Our cap, from the header alone: nothing has been decoded yet.
            if width <= 0 or height <= 0 or width * height > max_pixels():
                raise _too_many_pixels()
            try:
                _load_whole(image)  # a truncated file fails here
                upright = ImageOps.exif_transpose(image)
            except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
                raise _too_many_pixels() from exc
            except (OSError, SyntaxError, ValueError, EOFError) as exc:
                raise _damaged() from exc
    return _reencode(upright, png=kind == "png")


_STRICT_LOAD = threading.Lock()


def _load_whole(image: object) -> None:
    """Decode every pixel, refusing a truncated file. Pillow reads one process-wide switch for
    this, and WeasyPrint turns it on when imported (to be lenient with web images), so it is
    turned off here for our own load only."""
    from PIL import ImageFile

    assert isinstance(image, ImageFile.ImageFile)
    with _STRICT_LOAD:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _reencode(image: object, *, png: bool) -> CleanFile:
    from PIL import Image

    assert isinstance(image, Image.Image)
    if png:
        mode = image.mode if image.mode in {"RGB", "RGBA", "L", "LA"} else "RGBA"
    else:
        mode = image.mode if image.mode in {"RGB", "L"} else "RGB"
    converted = image.convert(mode) if image.mode != mode else image
    # A new image from the bare pixels: no `info` (EXIF, XMP, ICC, comments, text chunks) at all.
    bare = Image.frombytes(mode, converted.size, converted.tobytes())
    out = io.BytesIO()
    if png:
        bare.save(out, format="PNG", compress_level=6)
        return CleanFile(out.getvalue(), "image/png", ".png")
    bare.save(out, format="JPEG", quality=JPEG_QUALITY)
    return CleanFile(out.getvalue(), "image/jpeg", ".jpg")


def heic_supported() -> bool:
    from PIL import Image

    Image.init()
    return "HEIF" in Image.OPEN


def _clean_heic(data: bytes) -> CleanFile:
    if not heic_supported():
        raise UploadRefusedError(
            _(
                "We cannot read iPhone photos (HEIC) yet. On your phone, save or share the photo "
                "as a JPEG (Most Compatible), then try again."
            )
        )
    return _clean_image(data, "heic")  # pragma: no cover - only with a HEIF plugin installed


# ---------------------------------------------------------------- a one-page PDF


def _clean_pdf(data: bytes) -> CleanFile:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import NameObject

    not_one_page = UploadRefusedError(
        _("A PDF must have exactly one page. Please send one page, or a photo of it.")
    )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRefusedError(
                _("This PDF is locked with a password. Please send a photo or an unlocked PDF.")
            )
        if len(reader.pages) != 1:
            raise not_one_page
        source = reader.pages[0]
        # Only what draws the page is kept: no annotations (links, forms, attached files),
        # page actions, thumbnails, page-level XMP or structure. Removed from the source page
        # before copying, so the objects they point to are never copied either.
        for key in ("/Annots", "/AA", "/Metadata", "/Thumb", "/PieceInfo", "/StructParents", "/B"):
            if key in source:
                del source[NameObject(key)]
        writer = PdfWriter()
        writer.add_page(source)
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
        content = out.getvalue()
        # Read it back: still exactly one page.
        if len(PdfReader(io.BytesIO(content)).pages) != 1:
            raise not_one_page
    except UploadRefusedError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise UploadRefusedError(
            _("We could not open this PDF: it may be damaged. Please send a photo of the page instead.")
        ) from exc
    return CleanFile(content, "application/pdf", ".pdf")


# ---------------------------------------------------------------- private storage


def private_save(content: bytes, *, extension: str) -> str:
    """Keep `content` under a new random name in the private folder; returns the name."""
    folder = private_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"{secrets.token_urlsafe(24)}{extension}"
    path = folder / name
    tmp = folder / f".{name}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(tmp, path)
    return name


def _path(name: str) -> Path:
    # Names are ours (random, no separators); refuse anything else rather than follow it.
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise FileNotFoundError(name)
    return private_dir() / name


def private_read(name: str) -> bytes:
    """The content of a private file (FileNotFoundError when it has gone)."""
    return _path(name).read_bytes()


def private_delete(name: str) -> None:
    """Remove a private file; a file already gone is fine."""
    with contextlib.suppress(FileNotFoundError):
        _path(name).unlink()
