"""Petitions' plain rules, each tested directly in tests/test_rules.py."""

from __future__ import annotations

from kinship.core.privacy import email_key as core_email_key

# Counts for an area below this are shown as "fewer than 5": a handful of signatures in a
# small place could point at the people who signed.
SUPPRESS_BELOW = 5


def shown_count(count: int) -> int | None:
    """The count to show for an area, or None when it is too small to show."""
    return count if count >= SUPPRESS_BELOW else None


def name_key(name: str) -> str:
    """The form of a name used to tell household members apart: case and spacing ignored."""
    return " ".join(name.casefold().split())[:120]


def email_key(email: str) -> str:
    """The form of an address that identifies one person (one signature each): the platform's
    one sender key (`core.privacy.email_key`: case, `+tags`, Gmail's dots)."""
    return core_email_key(email)


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def progress_percent(*, total: int, goal: int | None) -> int | None:
    """How far towards the goal, 0–100, for the progress bar (None without a goal)."""
    if not goal:
        return None
    return min(100, (total * 100) // goal)


def milestone_due(*, total: int, milestones: list[int], done: set[int]) -> int | None:
    """The milestone to hand in now: the highest one reached, if it is above every milestone
    already handed in (one hand-in when a count jumps past several at once). None if none."""
    reached = [m for m in milestones if isinstance(m, int) and 0 < m <= total]
    if not reached:
        return None
    highest = max(reached)
    return highest if highest > max(done, default=0) else None
