"""The `clocks` of a lead's or opportunity's representation, as the contract shapes them.

Leads and pipeline know nothing of clocks (the SLA engine depends on them, not the reverse):
their endpoints ask `clocks_of`, and the engine registers where the answer comes from.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from ninja import Schema

ClockStatus = Literal["running", "paused", "met", "missed", "breached", "cancelled"]


class ClockOut(Schema):
    id: int
    policy: str
    name: str
    status: ClockStatus
    started_at: datetime
    target_at: datetime
    warn_at: datetime | None
    breach_at: datetime | None
    stopped_at: datetime | None


Source = Callable[[str, int], list]
_source: list[Source] = []


def provide(source: Source) -> None:
    """Register the engine's `source(subject_type, subject_id)` (once, at start-up)."""
    _source[:] = [source]


def clocks_of(subject_type: str, subject_id: int) -> list:
    return _source[0](subject_type, subject_id) if _source else []
