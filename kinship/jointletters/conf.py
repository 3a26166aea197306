"""Joint letters and children's drawings settings: typed accessors (see kinship.core.conf)."""

from __future__ import annotations

from kinship.core.conf import setting_int, setting_str


def drawing_retention_days() -> int:
    """A child's letter or drawing is deleted this long after it was added (or sooner, with the
    message text or the submission's erasure)."""
    return setting_int("KINSHIP_CHILD_DRAWING_DAYS", 28)


def drawing_link_minutes() -> int:
    """How long the sender's private link to see the file works."""
    return setting_int("KINSHIP_CHILD_DRAWING_LINK_MINUTES", 60)


def rate_drawing_upload() -> str:
    """How many uploads one submission may make ("COUNT/SECONDS")."""
    return setting_str("KINSHIP_RATE_CHILD_DRAWING", "20/3600")


def rate_joint_letter_ip() -> str:
    """How many joint letters one connection may start, or names it may add ("COUNT/SECONDS")."""
    return setting_str("KINSHIP_RATE_JOINT_LETTER_IP", "30/3600")


def joint_letter_retention_days() -> int:
    """Signers' details and the organiser's are deleted this long after the letter is sent (the
    sent copy lives on with messaging's own retention); names never confirmed go after 30 days."""
    return setting_int("KINSHIP_JOINT_LETTER_RETENTION_DAYS", 90)
