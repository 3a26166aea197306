"""Welsh: every app has its own catalogue (kinship/<app>/locale/cy/LC_MESSAGES/django.po), and
every catalogue is whole: no entry untranslated or fuzzy, and its compiled .mo up to date."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps

CATALOGUE = Path("locale") / "cy" / "LC_MESSAGES"


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def translations(self) -> list[str]:
        return [value for key, value in self.fields.items() if key.startswith("msgstr")]


def read_po(path: Path) -> list[Entry]:
    """The entries of a PO file (header included as msgid ""; obsolete #~ entries skipped)."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, key = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line):
                key = match.group(1)
                entry.fields[key] = match.group(2)
            elif match := re.match(r'^"(.*)"$', line):
                entry.fields[key] += match.group(1)
        if "msgid" in entry.fields:
            entries.append(entry)
    return entries


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    """A PO string's C-style escapes (\\n, \\t, \\", \\\\) as the characters they stand for."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def kinship_apps() -> list[str]:
    return sorted(config.path for config in apps.get_app_configs() if config.name.startswith("kinship."))


def catalogues() -> list[Path]:
    return [Path(app) / CATALOGUE / "django.po" for app in kinship_apps()]


def test_every_app_has_its_own_welsh_catalogue():
    missing = [str(path) for path in catalogues() if not path.is_file()]
    assert not missing, f"run `make messages` to create: {missing}"


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: p.parts[-5])
def test_no_entry_is_untranslated_or_fuzzy(path):
    entries = read_po(path)
    assert len(entries) > 1 or path.parts[-5] == "dashboard", "a catalogue with no strings in it"
    untranslated = [e.fields["msgid"] for e in entries[1:] if not all(e.translations)]
    fuzzy = [e.fields["msgid"] for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy}"


@pytest.mark.parametrize("path", catalogues(), ids=lambda p: p.parts[-5])
def test_the_compiled_catalogue_matches_its_source(path):
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in read_po(path)[1:]:
        msgid = _unescape(entry.fields["msgid"])
        context = entry.fields.get("msgctxt")
        if "msgid_plural" in entry.fields:
            plural = _unescape(entry.fields["msgid_plural"])
            got = (
                compiled.ngettext(msgid, plural, 1)
                if context is None
                else compiled.npgettext(_unescape(context), msgid, plural, 1)
            )
            expected = _unescape(entry.fields["msgstr[0]"])
        else:
            got = compiled.gettext(msgid) if context is None else compiled.pgettext(_unescape(context), msgid)
            expected = _unescape(entry.fields["msgstr"])
        assert got == expected, f"{path}: compile the catalogue again (make messages): {msgid!r}"
