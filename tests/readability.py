"""How hard each public page's main text is to read: the Flesch-Kincaid grade of the running
text in <main>, measured with textstat 0.7.3 (bundled syllable rules: it works offline).

GOV.UK writes for a reading age of about 9, Flesch-Kincaid grade 4 to 5 for running text.
What counts as the page's text: the running text in <main> (paragraphs, list items, table
cells, hints), each block ended as a sentence if it is not already. Left out: headings, labels,
buttons, blocks of fewer than four words, scripts, form values, the suggested message in the
text box (the carer's own words to edit) and pick-lists (<select>). Used by tests/test_readability.py and bench/readability.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Running text: paragraphs, list items, table cells, definitions and hints. Headings, labels,
# buttons and link lists are not running text and would make every page look easy.
RUNNING = {"p", "li", "td", "dd", "blockquote"}
SKIP = {"script", "style", "textarea", "select", "option", "svg", "noscript", "nav"}
MIN_WORDS = 4  # "Source:", "Department for Education", a lone figure: names and labels, not sentences


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.skip = 0
        self.running = 0
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skipping: list[str] = []
        self.in_cell = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if len(text.split()) >= MIN_WORDS:
            self.blocks.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main += 1
        if not self.in_main:
            return
        classes = dict(attrs).get("class") or ""
        if tag in SKIP or "govuk-visually-hidden" in classes:
            self.skip += 1
            self.skipping.append(tag)
        elif tag in RUNNING or (tag == "div" and "govuk-hint" in classes):
            self._flush()
            self.running += 1
            self.in_cell += tag == "td"
        elif tag in {"span", "a", "strong", "time"} and self.in_cell:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if not self.in_main:
            return
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
            self.skip = max(0, self.skip - 1)
        elif tag in {"span", "a", "strong", "time"} and self.in_cell:
            self._flush()  # a table cell holds separate pieces of data, not one sentence
        elif (tag in RUNNING or tag == "div") and self.running:
            self._flush()
            self.running -= 1
            self.in_cell -= tag == "td"
        if tag == "main":
            self._flush()
            self.in_main -= 1

    def handle_data(self, data: str) -> None:
        if self.in_main and self.running and not self.skip:
            self.current.append(data)


def main_text(html: str) -> str:
    """The running text of a page's <main>, one sentence-ended block after another."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    sentences = []
    for block in parser.blocks:
        if not re.search(r"[A-Za-z]", block):
            continue
        sentences.append(block if block[-1] in ".!?:" else f"{block}.")
    return " ".join(sentences)


@dataclass(frozen=True)
class Reading:
    page: str
    grade: float
    words: int
    sentences: int


def email_text(text: str) -> str:
    """A plain-text email's running text: each line of four words or more, ended as a sentence
    (links, greetings and sign-offs left out)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    kept = [line for line in lines if len(line.split()) >= MIN_WORDS and "://" not in line]
    return " ".join(line if line[-1] in ".!?:" else f"{line}." for line in kept)


def reading(page: str, html: str, *, plain: bool = False) -> Reading:
    import textstat  # dev dependency, pinned to 0.7.3

    text = email_text(html) if plain else main_text(html)
    return Reading(
        page=page,
        grade=round(float(textstat.flesch_kincaid_grade(text)), 1),
        words=int(textstat.lexicon_count(text)),
        sentences=int(textstat.sentence_count(text)),
    )


def table(readings: list[Reading]) -> str:
    lines = ["| page | Flesch-Kincaid grade | words | sentences |", "|---|---|---|---|"]
    for r in sorted(readings, key=lambda r: -r.grade):
        lines.append(f"| {r.page} | {r.grade} | {r.words} | {r.sentences} |")
    return "\n".join(lines)
