"""Leads imported from a CSV file by RevOps or Marketing Ops (the lead admin's "Import").

A row is what POST /api/v1/leads takes, its company flattened into columns. It is held to the
API's own schema (`leads.api.LeadIntakeIn`: the same bounds, charter codes and messages) and
posted through the real intake as the person importing (`intake.intake`: the same scoring,
routing and events). django-import-export drives the file: a dry run first, which reports
each bad row by its number, column and message and keeps nothing (its transaction is rolled
back); then, once confirmed, the import in one transaction, which any failing row rolls back
whole. A file is bounded and must have the payload's columns (`check_upload`)."""

import csv
import io
import re
from collections import defaultdict

import pydantic
from django.core.exceptions import ValidationError
from import_export import resources
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from slaportal.charter.models import calendars

from ..api import LeadIntakeIn
from ..rules import NoCharterInForce, rules_in_force
from .intake import CompanyData, LeadData, intake

# Every row is a whole intake (scored, routed, its events published), twice (the dry run,
# then the import), each within one request: 40–70 ms a row here (200 rows: 8 s on SQLite,
# 10–15 s on PostgreSQL), so 250 rows keep a step under a web worker's 30 s. A campaign's
# list at a time, not a database; ~200 bytes a row leaves the size bound room for long titles.
MAX_ROWS = 250
MAX_FILE_BYTES = 128 * 1024

PERSON_COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "phone",
    "title",
    "action",
    "occurred_at",
    "timezone",
    "external_id",
)
# The payload's `company`: its column → its field.
COMPANY_COLUMNS = {
    "company_name": "name",
    "company_domain": "domain",
    "industry": "industry",
    "employees": "employees",
    "country": "country",
    "region": "region",
}
COLUMNS = (*PERSON_COLUMNS, *COMPANY_COLUMNS, "icp_fit")
REQUIRED_COLUMNS = ("email", "action")
# JSON sends these as numbers; a CSV cell is text: whole numbers are read as numbers, anything
# else is left as text for the schema to refuse in its words.
NUMBER_COLUMNS = ("employees", "icp_fit")
# What the intake made of each row, after its columns in the preview.
OUTCOME_HEADERS = ("→ state", "→ tier", "→ score", "→ routed to")


def check_upload(upload) -> None:
    """Refuse, in words, a file over the bounds, one that is not UTF-8 CSV with the payload's
    columns, or any file while no charter is in force (nothing could be scored)."""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            f"The file is {upload.size:,} bytes: at most {MAX_FILE_BYTES:,} bytes "
            f"({MAX_ROWS:,} leads) are imported at once. Split it."
        )
    try:
        text = b"".join(upload.chunks()).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The file is not UTF-8 text: save it as CSV (UTF-8).") from None
    lines = csv.reader(io.StringIO(text))
    header = next(lines, [])
    unknown = [column for column in header if column not in COLUMNS]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if unknown or missing:
        problems = [
            *([f"unknown columns: {', '.join(unknown)}"] if unknown else []),
            *([f"missing columns: {', '.join(missing)}"] if missing else []),
        ]
        raise ValidationError(
            f"The first row names the columns ({'; '.join(problems)}). "
            f"The columns are: {', '.join(COLUMNS)}."
        )
    rows = sum(1 for line in lines if line)
    if rows > MAX_ROWS:
        raise ValidationError(
            f"The file has {rows:,} leads: at most {MAX_ROWS:,} are imported at once. Split it."
        )
    try:
        rules_in_force()
    except NoCharterInForce:
        raise ValidationError(
            "No charter is in force: RevOps must publish one before leads are imported."
        ) from None


def lead_data(row: dict) -> LeadData:
    """The row as the API's payload, checked by the API's schema; otherwise a ValidationError
    naming each bad column with the schema's message."""
    given = {
        column: _cell_value(column, str(value).strip())
        for column, value in row.items()
        if column in COLUMNS and value is not None and str(value).strip()
    }
    payload = {column: value for column, value in given.items() if column not in COMPANY_COLUMNS}
    company = {
        COMPANY_COLUMNS[column]: value
        for column, value in given.items()
        if column in COMPANY_COLUMNS
    }
    try:
        checked = LeadIntakeIn.model_validate({**payload, "company": company})
    except pydantic.ValidationError as invalid:
        raise ValidationError(_by_column(invalid)) from None
    data = checked.dict()
    return LeadData(company=CompanyData(**data.pop("company")), **data)


def _cell_value(column: str, text: str):
    return int(text) if column in NUMBER_COLUMNS and re.fullmatch(r"-?\d+", text) else text


_COLUMN_OF_COMPANY_FIELD = {field: column for column, field in COMPANY_COLUMNS.items()}


def _by_column(invalid: pydantic.ValidationError) -> dict[str, list[str]]:
    messages = defaultdict(list)
    for error in invalid.errors():
        where = error["loc"]
        column = _COLUMN_OF_COMPANY_FIELD[where[1]] if where[0] == "company" else where[0]
        messages[column].append(error["msg"])
    return dict(messages)


class LeadIntakeResource(resources.Resource):
    """The file's rows, each posted through the intake as the person importing (`user`, which
    the admin passes to `import_data`)."""

    class Meta:
        use_transactions = True
        instance_loader_class = BaseInstanceLoader  # rows are matched by the intake, not here

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The columns the import page lists and the preview shows.
        self.fields = {column: Field(attribute=column, column_name=column) for column in COLUMNS}

    @classmethod
    def get_display_name(cls):
        return "Leads, through the intake"

    def get_diff_headers(self):
        return [*COLUMNS, *OUTCOME_HEADERS]

    def import_data(self, dataset, **kwargs):
        try:
            return super().import_data(dataset, **kwargs)
        finally:
            # A dry run (and a failed import) is rolled back, and with it any calendar snapshot
            # its clocks made; this process remembers snapshots by calendar edit, so it would
            # hand the next clock a row that never was. Forgotten, they are read again.
            calendars._snapshot.cache_clear()

    def import_row(self, row, instance_loader, **kwargs):
        outcome = self.get_row_result_class()()
        try:
            data = lead_data(row)
        except ValidationError as invalid:
            outcome.import_type = RowResult.IMPORT_TYPE_INVALID
            outcome.validation_error = invalid
            return outcome
        lead, created = intake(data, caller=kwargs["user"])
        outcome.import_type = RowResult.IMPORT_TYPE_NEW if created else RowResult.IMPORT_TYPE_UPDATE
        outcome.add_instance_info(lead)
        outcome.instance = lead  # the admin logs each lead imported
        owner = lead.owner.username if lead.owner else ""
        outcome.diff = [
            *(row.get(column) or "" for column in COLUMNS),
            *(lead.get_state_display(), lead.tier or "", lead.score, owner),
        ]
        return outcome
