"""How long `kinship.core.uploads.clean_upload` takes on realistic and hostile files (in-process,
no server): a 12-megapixel phone photo with EXIF, a scanned A4 PNG, a one-page PDF, and a pixel
bomb refused from its header. Prints the median of 5 runs and the peak memory of one run.

    .venv/bin/python bench/uploads_bench.py
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from PIL import Image  # noqa: E402

from kinship.core import uploads  # noqa: E402
from kinship.jointletters.tests import files  # noqa: E402


def photo(width: int, height: int) -> bytes:
    image = Image.effect_noise((width // 8, height // 8), 60).resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[files.ORIENTATION] = 6
    exif.get_ifd(files.GPS_IFD)[2] = (51.0, 30.0, 12.5)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def scan_png() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((2480 // 4, 3508 // 4), 30).resize((2480, 3508)).save(out, "PNG")
    return out.getvalue()


def run(name: str, data: bytes) -> None:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        with contextlib.suppress(uploads.UploadRefusedError):
            uploads.clean_upload(data)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    with contextlib.suppress(uploads.UploadRefusedError):
        uploads.clean_upload(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{name:<38} {len(data) / 1e6:6.2f} MB  median {statistics.median(times) * 1000:8.2f} ms  "
        f"Python-side peak {peak / 1e6:6.1f} MB"
    )


if __name__ == "__main__":
    print(f"load: {os.getloadavg()[0]:.2f}")
    run("12 MP phone photo (JPEG, EXIF+GPS)", photo(4000, 3000))
    run("A4 scan at 300 dpi (PNG)", scan_png())
    run("one-page PDF with JavaScript", files.pdf(javascript=True))
    run("pixel bomb (PNG declaring 30000x30000)", files.png_declaring(30000, 30000))
    run("over our cap (PNG declaring 7000x7000)", files.png_declaring(7000, 7000))
