"""State machines that explain themselves.

django-fsm-2 conditions answer only yes or no. A `Gate` is a condition that can also say what
is missing, in words a person can act on; `unmet()` collects those words for a transition, so
every refusal (admin message, 409 body, disabled button) names the gate and what is missing.
"""

from collections.abc import Callable, Iterable
from functools import update_wrapper

from django.db import models


class TransitionRefused(Exception):
    """A lifecycle change refused: `detail` is a sentence, `unmet` what is missing."""

    def __init__(self, detail: str, unmet: Iterable[str] = ()):
        super().__init__(detail)
        self.detail = detail
        self.unmet = list(unmet)


class Gate:
    """A transition condition whose check returns the reasons it is unmet (none: met)."""

    def __init__(self, check: Callable[[models.Model], Iterable[str]]):
        self.check = check
        update_wrapper(self, check)

    def __call__(self, instance: models.Model) -> bool:
        return not self.unmet(instance)

    def unmet(self, instance: models.Model) -> list[str]:
        return list(self.check(instance))


def gate(check: Callable[[models.Model], Iterable[str]]) -> Gate:
    return Gate(check)


def starts_here(bound_transition) -> bool:
    """Whether the transition leaves the instance's current state (its gates aside)."""
    meta = bound_transition._django_fsm
    return meta.has_transition(meta.field.get_state(bound_transition.__self__))


def unmet(bound_transition) -> list[str]:
    """Why `bound_transition` cannot run now: the wrong state, or its gates' reasons."""
    meta = bound_transition._django_fsm
    instance = bound_transition.__self__
    state = meta.field.get_state(instance)
    if not meta.has_transition(state):
        label = dict(meta.field.choices).get(state, state)
        return [f"not possible while {instance._meta.verbose_name} is {label}"]
    return [
        reason
        for condition in meta.get_transition(state).conditions
        if isinstance(condition, Gate)
        for reason in condition.unmet(instance)
    ]
