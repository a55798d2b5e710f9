"""The workspaces' tags: a table row drawn whole, and the countdown of a running clock (time
left to its target, amber from its warning point, red once the target has passed, with the
breach time). The page's script keeps the countdown live; the server's text is right when the
page is drawn (and without the script). And the width of a chart."""

from datetime import timedelta

from django import template
from django.template.loader import get_template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import charts

register = template.Library()


@register.simple_tag
def table_row(table, record):
    """A row drawn whole by its table's `row_template` in the page's context (django-tables2
    draws its own template in a context of its own; the page's forms and choices are in the
    page's, which it leaves on the table)."""
    page = table.context
    with page.push(record=record):
        return get_template(table.row_template).template.render(page)


def span_in_words(span: timedelta) -> str:
    seconds = int(abs(span.total_seconds()))
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m {seconds}s"


def countdown_state(clock, now) -> str:
    if now >= clock.target_at:
        return "missed"
    if clock.warn_at and now >= clock.warn_at:
        return "warning"
    return "on-time"


@register.simple_tag
def countdown(clock):
    if clock is None:
        return mark_safe('<span class="muted">no clock running</span>')
    now = timezone.now()
    left = clock.target_at - now
    text = (
        f"{span_in_words(left)} left" if left > timedelta(0) else f"overdue {span_in_words(left)}"
    )
    breach = (
        format_html(
            '<br><span class="breach-at">breach {}</span>',
            date_format(timezone.localtime(clock.breach_at), "D j M, H:i"),
        )
        if clock.breach_at
        else ""
    )
    return format_html(
        '<span class="clock-name">{}</span><br>'
        '<time class="countdown {}" datetime="{}" data-warn="{}" data-testid="countdown"'
        ' title="Target {}">{}</time>{}',
        clock.name,
        countdown_state(clock, now),
        clock.target_at.isoformat(),
        clock.warn_at.isoformat() if clock.warn_at else "",
        date_format(timezone.localtime(clock.target_at), "D j M Y, H:i T"),
        text,
        breach,
    )


@register.filter
def chart_width(bars) -> int:
    """The width a bar chart's columns take (workspaces/charts.py)."""
    return charts.width_of(bars)
