"""Near-copy detection after WriteToThem (perllib/FYR/SubstringHash.pm, AbuseChecks.pm).

Strip the salutation and sign-off, normalise, hash every 32-character substring, keep a
deterministic sample of the hashes, and compare samples. Two messages sharing at least half
of their sampled substrings are near-copies. Pure functions: tested directly.
"""

from __future__ import annotations

import re
import zlib

WINDOW = 32
SAMPLE_MODULUS = 4  # keep hashes ≡ 0 (mod 4): about a quarter, the same ones for the same text
MAX_HASHES = 2000
THRESHOLD = 0.5

_SALUTATION_RE = re.compile(r"^\s*(dear|hello|hi|annwyl|helo)\b[^\n]*\n", re.IGNORECASE)
_SIGNOFF_RE = re.compile(
    r"\n\s*(yours sincerely|yours faithfully|kind regards|best wishes|regards|thank you|yn gywir)\b.*\Z",
    re.IGNORECASE | re.DOTALL,
)
_NON_WORD_RE = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    text = _SALUTATION_RE.sub("", text or "")
    text = _SIGNOFF_RE.sub("", text)
    return _NON_WORD_RE.sub(" ", text.lower()).strip()


def fingerprint(text: str) -> list[int]:
    """A sorted sample of substring hashes standing for the text."""
    norm = normalise(text)
    if len(norm) < WINDOW:
        return [zlib.crc32(norm.encode())] if norm else []
    hashes: set[int] = set()
    for i in range(len(norm) - WINDOW + 1):
        h = zlib.crc32(norm[i : i + WINDOW].encode())
        if h % SAMPLE_MODULUS == 0:
            hashes.add(h)
    return sorted(hashes)[:MAX_HASHES]


def similarity(a: list[int], b: list[int]) -> float:
    """Share of the smaller sample found in the other (0 to 1)."""
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    return len(set_a & set_b) / min(len(set_a), len(set_b))


def is_near_copy(a: list[int], b: list[int]) -> bool:
    return similarity(a, b) >= THRESHOLD
