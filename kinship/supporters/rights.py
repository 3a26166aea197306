"""Other apps plug their data into export and erasure here, so one request covers everything.

    from kinship.supporters import rights
    rights.register("messages", export=export_fn, erase=erase_fn)

`export_fn(supporter)` returns JSON-ready data; `erase_fn(supporter)` removes or anonymises
that app's personal data for the supporter (matching on supporter or on their email).
Apps register in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}


def register(section: str, *, export: Exporter, erase: Eraser) -> None:
    _EXPORTERS[section] = export
    _ERASERS[section] = erase


def exporters() -> list[tuple[str, Exporter]]:
    return sorted(_EXPORTERS.items())


def erasers() -> list[Eraser]:
    return [_ERASERS[name] for name in sorted(_ERASERS)]
