"""Place names as people and sources write them: the one home for folding a place name before
comparing it. ONS writes "Montgomeryshire and Glyndwr", Parliament "Montgomeryshire and
Glyndŵr"; ModernGov writes "St. Mary's & Eastfield Ward" for ONS's "St Marys and Eastfield".
Used for constituencies, councils and wards alike. Match by code wherever a source gives one;
these keys are for the sources that give only a name."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
_SAINT = re.compile(r"\bst\b")
_WARD_SUFFIX = re.compile(r"\s+(?:ward|electoral division|division|ed)$")
_COUNCIL_PREFIX = re.compile(
    r"^(?:the )?(?:(?:royal|london|metropolitan) )?(?:borough|county|city|district) (?:council )?of "
)
_COUNCIL_SUFFIX = re.compile(
    r" (?:(?:metropolitan |county |city |district )?borough council|county council|city council|"
    r"district council|council|corporation)$"
)


def fold_place_name(text: str) -> str:
    """'Ynys Môn' → 'ynys mon'; 'St. Mary's & Eastfield' → 'saint marys and eastfield'.

    Accents, case, apostrophes (straight or curly) and punctuation are dropped, "&" is "and",
    "St" and "St." are "saint", and spacing is collapsed."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("&", " and ")
    text = text.replace("’", "").replace("‘", "").replace("'", "").replace("`", "")
    text = " ".join(_NON_WORD.sub(" ", text).split())
    return _SAINT.sub("saint", text)


def ward_key(name: str) -> str:
    """'Abbey Ward' and 'Abbey'; 'St. Mary's & Eastfield' and 'St Marys and Eastfield' match.
    A trailing "Ward", "Division" or "Electoral Division" is not part of the name."""
    return _WARD_SUFFIX.sub("", fold_place_name(name))


def council_key(name: str) -> str:
    """'Royal Borough of Windsor and Maidenhead' and 'Windsor and Maidenhead'; 'Hartlepool Borough
    Council' and 'Hartlepool'. Welsh and English names differ, so match councils by GSS code
    first and by this key only as a fallback."""
    folded = fold_place_name(name)
    stripped = _COUNCIL_SUFFIX.sub("", _COUNCIL_PREFIX.sub("", folded))
    return stripped or folded
