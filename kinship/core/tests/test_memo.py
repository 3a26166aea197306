"""core.memo.ShortMemo: a few seconds' memory of hot rows per process."""

from __future__ import annotations

import pytest

from kinship.core import memo
from kinship.core.memo import ShortMemo


def test_remembers_for_its_lifetime_then_loads_again(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    loads = []
    remembered = ShortMemo(lambda: 5)

    def load():
        loads.append(1)
        return len(loads)

    assert remembered.get("a", load) == 1
    clock[0] += 4.9
    assert remembered.get("a", load) == 1
    clock[0] += 0.2
    assert remembered.get("a", load) == 2
    remembered.clear()
    assert remembered.get("a", load) == 3


def test_a_lifetime_of_zero_never_remembers_and_errors_pass_through():
    remembered: ShortMemo[int] = ShortMemo(lambda: 0)
    values = iter([1, 2])
    assert remembered.get("a", lambda: next(values)) == 1
    assert remembered.get("a", lambda: next(values)) == 2

    def missing() -> int:
        raise LookupError("no such row")

    with pytest.raises(LookupError):
        ShortMemo(lambda: 5).get("b", missing)


def test_forgets_everything_when_full():
    remembered: ShortMemo[str] = ShortMemo(lambda: 60, limit=2)
    remembered.get("a", lambda: "A")
    remembered.get("b", lambda: "B")
    remembered.get("c", lambda: "C")
    assert remembered.get("a", lambda: "new A") == "new A"
