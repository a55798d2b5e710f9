"""The geometry of the scoreboard's charts, drawn as inline SVG by the templates (no script, no
CDN): bars with their labels, a sparkline's points, a band (the seeds' 80–100 touches)."""

from dataclasses import dataclass

PLOT_HEIGHT = 120
BAR_WIDTH, BAR_GAP = 64, 12
SPARK_WIDTH, SPARK_HEIGHT = 120, 28


@dataclass(frozen=True)
class Column:
    label: str
    value: float | None
    caption: str
    x: int
    y: float
    height: float
    tone: str = ""


def columns(items, *, top: float | None = None, tone=lambda value: "") -> list[Column]:
    """(label, value, caption) items as bars over a plot PLOT_HEIGHT high, scaled to `top`
    (default: the largest value)."""
    items = list(items)
    highest = top or max((value or 0 for _, value, _ in items), default=0) or 1
    drawn = []
    for index, (label, value, caption) in enumerate(items):
        height = PLOT_HEIGHT * min(value or 0, highest) / highest
        drawn.append(
            Column(
                label=label,
                value=value,
                caption=caption,
                x=index * (BAR_WIDTH + BAR_GAP),
                y=PLOT_HEIGHT - height,
                height=height,
                tone=tone(value),
            )
        )
    return drawn


# Charts are drawn at one scale: a chart of two bars is not blown up to the width of eight.
MIN_SLOTS = 8


def width_of(drawn: list[Column]) -> int:
    return max(len(drawn), MIN_SLOTS) * (BAR_WIDTH + BAR_GAP) - BAR_GAP


def level(value: float, top: float) -> float:
    """Where `value` sits on a plot scaled to `top` (for a band or a target line)."""
    return PLOT_HEIGHT - PLOT_HEIGHT * min(value, top) / top


def sparkline(values: list[float | None], top: float = 100) -> list[tuple[float, float]]:
    """The points of a line through the values that exist (a week without data is left out,
    not drawn as zero); the template draws the line and a dot at each point."""
    step = SPARK_WIDTH / max(len(values) - 1, 1)
    return [
        (round(index * step, 1), round(SPARK_HEIGHT - SPARK_HEIGHT * min(value, top) / top, 1))
        for index, value in enumerate(values)
        if value is not None
    ]
