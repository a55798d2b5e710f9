from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """The last beat heartbeat a worker executed: proof that beat → broker → worker runs.

    One row, overwritten by every heartbeat.
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    executed_at = models.DateTimeField()
    worker = models.CharField(max_length=255, help_text="Host name of the worker that ran it.")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="heartbeat_single_row")
        ]

    def __str__(self):
        return f"Heartbeat at {self.executed_at:%Y-%m-%d %H:%M:%S %Z} by {self.worker}"

    @classmethod
    def record(cls, worker: str) -> "Heartbeat":
        heartbeat, _ = cls.objects.update_or_create(
            id=cls.SINGLETON_ID, defaults={"executed_at": timezone.now(), "worker": worker}
        )
        return heartbeat

    @classmethod
    async def alast(cls) -> "Heartbeat | None":
        return await cls.objects.filter(id=cls.SINGLETON_ID).afirst()
