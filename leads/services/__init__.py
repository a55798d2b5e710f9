"""Writes to leads, one module per use case (as Zulip's `zerver/actions/`):

- `intake`: a posted lead or intent action, assessed against the charter, promoted to MQL
- `routing`: the lead's territory and the SDR who gets it
- `lifecycle`: the transitions people and integrations run, and their reason codes' consequences
- `touches`: activities, meetings and cadence progress
- `access`: who may see a lead and who may do what to it

The API, the browser, the admin and tasks all call these. Each write locks what it changes,
checks who may do it, writes the history and publishes domain events inside its transaction.
"""
