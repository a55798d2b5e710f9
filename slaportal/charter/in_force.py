"""Which charter version is in force, remembered for a moment.

Every intake and clock asks; the answer is remembered exactly until the next scheduled version
takes over, and at most `MEMORY`, so a version published in another process to take effect at
once is seen within it. This process forgets at once when it publishes.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from .models import CharterVersion

MEMORY = timedelta(seconds=2)
_FOREVER = datetime.max.replace(tzinfo=UTC)
_remembered: dict[str, object] = {}


def forget() -> None:
    _remembered.clear()


def version_id_in_force() -> int | None:
    now = timezone.now()
    if (
        _remembered
        and abs(now - _remembered["at"]) < MEMORY
        and _remembered["since"] <= now < _remembered["until"]
    ):
        return _remembered["version"]
    version = CharterVersion.objects.active(at=now)
    if version is None:
        return None
    following = CharterVersion.objects.scheduled(at=now).order_by("effective_from").first()
    _remembered.update(
        version=version.pk,
        at=now,
        since=version.effective_from,
        until=following.effective_from if following else _FOREVER,
    )
    return version.pk
