"""A child's letter or drawing sent with a carer's message, and joint letters signed by many carers."""

from __future__ import annotations

from django.db import models

from kinship.messaging.models import Submission


class ChildDrawing(models.Model):
    """A cleaned copy of a child's letter or drawing (see `kinship.core.uploads`), kept privately
    under a random name and attached to the carer's email. Never public."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="child_drawing")
    stored_name = models.CharField(max_length=64, unique=True)
    mimetype = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"Child's drawing #{self.pk}"

    @property
    def filename(self) -> str:
        return "childs-letter-or-drawing" + {"image/png": ".png", "application/pdf": ".pdf"}.get(
            self.mimetype, ".jpg"
        )
