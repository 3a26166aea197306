from django.db import models


class CounterShard(models.Model):
    """One slice of a sharded counter; see kinship.core.counters."""

    key = models.CharField(max_length=120)
    shard = models.PositiveSmallIntegerField()
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "shard"], name="counter_shard_unique")]

    def __str__(self) -> str:
        return f"{self.key}#{self.shard}={self.value}"
