"""Name matching shared by the importers: constituency, ward and person names from different
sources differ in punctuation, "&"/"and", accents and honorifics."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
_HONORIFICS = re.compile(
    r"^(?:(?:(?:county |city |borough |district |town )?councillor|cllr\.?|cynghorydd|cyng\.?|alderman|"
    r"the rt\.? hon\.?|rt\.? hon\.?|the right honourable|the hon\.?|hon\.?|dr\.?|prof\.?|professor|"
    r"sir|dame|lord|lady|baroness|baron|the revd\.?|revd\.?|rev\.?|reverend|"
    r"mr\.?|mrs\.?|ms\.?|miss|mx\.?)\s+)+",
    re.IGNORECASE,
)
_POST_NOMINALS = re.compile(r"(?:,?\s+(?:mp|ms|obe|mbe|cbe|jp|bem|kc|qc|dl|frsa)\.?)+$", re.IGNORECASE)


def normalise_name(text: str) -> str:
    """'Ynys Môn' → 'ynys mon'; 'Brighton Pavilion & Hove' → 'brighton pavilion and hove'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("&", " and ").replace("’", "").replace("'", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def clean_person_name(text: str) -> str:
    """Drop honorifics and post-nominals: 'Councillor Jane Smith OBE' → 'Jane Smith'."""
    name = " ".join((text or "").split())
    name = _HONORIFICS.sub("", name)
    name = _POST_NOMINALS.sub("", name)
    return name.strip(" ,")
