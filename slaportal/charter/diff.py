"""What changed between two charter versions: rows added, removed and changed, field by field.

Rows are matched across versions by their natural key (a policy by its code, a reason code by
taxonomy and code, an escalation step by its policy's code and order), so a row edited in a
new draft shows as changed, not as removed and added.
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


def _rows(model: type[VersionedRow], version: CharterVersion) -> dict[str, VersionedRow]:
    related = [f.name for f in model._meta.concrete_fields if f.is_relation and f.name != "version"]
    rows = model.objects.filter(version=version).select_related(*related)
    return {"/".join(map(str, row.natural_key())) or "—": row for row in rows}


def _values(row: VersionedRow) -> dict[str, object]:
    return {f.name: _comparable(row, f) for f in row.content_fields() if f.name != "source"}


def diff_versions(old: CharterVersion, new: CharterVersion) -> list[ModelDiff]:
    """One entry per kind of row that differs, in charter order."""
    diffs = []
    for model in CONTENT_MODELS:
        before, after = _rows(model, old), _rows(model, new)
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
