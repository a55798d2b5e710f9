"""What changed between two charter versions: rows added, removed and changed, field by field.

Rows are matched across versions by their natural key (a policy by its code, a reason code by
taxonomy and code, an escalation step by its policy's code and order), so a row edited in a
new draft shows as changed, not as removed and added.

`three_way` plans a rebase with the same matching: what a draft changed relative to the version
it was started from (its base), and what a later published version changed relative to that
same base. A row only one side changed takes that side's row; a row both changed the same way
is left alone; a row both changed differently (or one changed and the other removed) is a
conflict, row by row, never field by field: a target's amount and its unit, an after-hours rule
and its allowance only make sense together.
"""

from dataclasses import dataclass, field

from django.db import models

from .models import CONTENT_MODELS, CharterVersion, VersionedRow


@dataclass
class RowChange:
    key: str
    label: str
    fields: list[tuple[str, object, object]] = field(default_factory=list)  # (name, old, new)


@dataclass
class ModelDiff:
    name: str
    added: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    def __bool__(self):
        return bool(self.added or self.removed or self.changed)


def _comparable(row: VersionedRow, model_field: models.Field):
    """A field's value as a person compares it: linked rows by their natural key or name."""
    if model_field.is_relation:
        linked = getattr(row, model_field.name)
        if linked is None:
            return None
        return (
            "/".join(map(str, linked.natural_key()))
            if isinstance(linked, VersionedRow)
            else str(linked)
        )
    return model_field.value_from_object(row)


def row_key(row: VersionedRow) -> str:
    """The row's natural key as one string: the same rule in another version has the same."""
    return "/".join(map(str, row.natural_key())) or "—"


def rows_by_key(model: type[VersionedRow], version: CharterVersion) -> dict[str, VersionedRow]:
    related = [f.name for f in model._meta.concrete_fields if f.is_relation and f.name != "version"]
    rows = model.objects.filter(version=version).select_related(*related)
    return {row_key(row): row for row in rows}


def _values(row: VersionedRow, *, with_source: bool = False) -> dict[str, object]:
    return {
        f.name: _comparable(row, f)
        for f in row.content_fields()
        if with_source or f.name != "source"
    }


def diff_versions(old: CharterVersion, new: CharterVersion) -> list[ModelDiff]:
    """One entry per kind of row that differs, in charter order."""
    diffs = []
    for model in CONTENT_MODELS:
        before, after = rows_by_key(model, old), rows_by_key(model, new)
        diff = ModelDiff(str(model._meta.verbose_name_plural).capitalize())
        for key in sorted(after.keys() - before.keys()):
            diff.added.append(RowChange(key, str(after[key])))
        for key in sorted(before.keys() - after.keys()):
            diff.removed.append(RowChange(key, str(before[key])))
        for key in sorted(before.keys() & after.keys()):
            old_values, new_values = _values(before[key]), _values(after[key])
            fields = [
                (model._meta.get_field(name).verbose_name, old_values[name], value)
                for name, value in new_values.items()
                if old_values[name] != value
            ]
            if fields:
                diff.changed.append(RowChange(key, str(after[key]), fields))
        if diff:
            diffs.append(diff)
    return diffs


@dataclass
class Take:
    """A row the rebase takes from the later version: added, changed to its values, or removed."""

    model: type[VersionedRow]
    key: str
    theirs: VersionedRow | None  # the later version's row; None: remove the draft's row
    ours: VersionedRow | None  # the draft's row; None: add a copy of theirs

    @property
    def what(self) -> str:
        done = "removed" if self.theirs is None else "added" if self.ours is None else "changed"
        return f"{self.model._meta.verbose_name} {self.key} {done}"


@dataclass
class Conflict:
    """A row both the draft and the later version changed, each differently."""

    model: type[VersionedRow]
    key: str
    theirs: str  # what the later version did to it, in words ("changed its target")
    ours: str  # what the draft did to it ("removed it")


@dataclass
class MergePlan:
    takes: list[Take] = field(default_factory=list)
    kept: list[tuple[type[VersionedRow], str]] = field(default_factory=list)  # the draft's own
    conflicts: list[Conflict] = field(default_factory=list)


def _what_changed(model, before: dict | None, after: dict | None) -> str:
    if before is None:
        return "added it"
    if after is None:
        return "removed it"
    names = [
        str(model._meta.get_field(name).verbose_name)
        for name in after
        if before.get(name) != after[name]
    ]
    return f"changed its {', '.join(names)}"


def _links(row: VersionedRow) -> list[tuple[type[VersionedRow], str]]:
    """The rows of the same version this row links to (an escalation step to its policy)."""
    return [
        (f.related_model, row_key(linked))
        for f in row.content_fields()
        if f.is_relation
        and f.related_model in CONTENT_MODELS
        and (linked := getattr(row, f.name)) is not None
    ]


def three_way(base: CharterVersion, ours: CharterVersion, theirs: CharterVersion) -> MergePlan:
    """How to carry `ours`' changes (relative to `base`) onto `theirs`, as edits of `ours`:
    the rows to take from `theirs`, the rows `ours` changed and keeps, and the conflicts.
    Every field counts, the seed citation (`source`) too: a rebase must not undo any of it.
    A row kept or taken that links to a row the other side removed is a conflict as well."""
    plan = MergePlan()
    draft_rows: dict[type[VersionedRow], dict[str, VersionedRow]] = {}
    for model in CONTENT_MODELS:
        rows = [rows_by_key(model, version) for version in (base, ours, theirs)]
        draft_rows[model] = rows[1]
        was_, mine_, now_ = ({k: _values(r, with_source=True) for k, r in v.items()} for v in rows)
        for key in sorted(was_.keys() | mine_.keys() | now_.keys()):
            was, mine, now = was_.get(key), mine_.get(key), now_.get(key)
            if mine == was:
                if now != was:
                    plan.takes.append(Take(model, key, rows[2].get(key), rows[1].get(key)))
            elif now == was:
                plan.kept.append((model, key))
            elif now != mine:
                plan.conflicts.append(
                    Conflict(
                        model, key, _what_changed(model, was, now), _what_changed(model, was, mine)
                    )
                )
    # What the draft will hold: a row kept or taken must not link to a row that is gone.
    result = {model: set(rows) for model, rows in draft_rows.items()}
    for take in plan.takes:
        (result[take.model].discard if take.theirs is None else result[take.model].add)(take.key)

    def dangling(row: VersionedRow | None) -> list[str]:
        return [
            f"removed {linked_model._meta.verbose_name} {linked_key}"
            for linked_model, linked_key in (_links(row) if row else ())
            if linked_key not in result[linked_model]
        ]

    for take in plan.takes:
        for removed in dangling(take.theirs):
            before = take.ours and _values(take.ours, with_source=True)
            theirs = _what_changed(take.model, before, _values(take.theirs, with_source=True))
            plan.conflicts.append(Conflict(take.model, take.key, theirs, removed))
    for model, key in plan.kept:
        for removed in dangling(draft_rows[model].get(key)):
            plan.conflicts.append(Conflict(model, key, removed, "added or changed it"))
    return plan
