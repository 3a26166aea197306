"""The data-rights registry: every app that holds personal data plugs into export and erasure
here, so one request covers everything.

    from kinship.core import rights
    rights.register("messages", export=export_fn, erase=erase_fn)

`export_fn(person)` returns JSON-ready data; `erase_fn(person)` removes or anonymises that app's
personal data for the person (matching on the person or on their email). Apps register in their
`AppConfig.ready()`; `kinship.supporters` runs export and erasure and calls every registered pair.
It lives in core, the ground floor, so any app can register without importing the app that
asks (`docs/ARCHITECTURE.md`, "Floors").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class DataSubject(Protocol):
    """Whoever a data-protection request is about (a `supporters.Supporter`)."""

    pk: Any
    email: str


Exporter = Callable[[DataSubject], Any]
Eraser = Callable[[DataSubject], None]

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}


def register(section: str, *, export: Exporter, erase: Eraser) -> None:
    """Add an app's export and erasure for `section` (its key in the exported JSON)."""
    _EXPORTERS[section] = export
    _ERASERS[section] = erase


def exporters() -> list[tuple[str, Exporter]]:
    return sorted(_EXPORTERS.items())


def erasers() -> list[Eraser]:
    return [_ERASERS[name] for name in sorted(_ERASERS)]
