"""A download streams its rows: read from the database in chunks (each decorated in bulk, as
a page is), so its queries grow with the chunks, not the rows, and no list is held whole."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.exports.conftest import copies
from workspaces import tables


def _queries_to_download(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/workspace/sdr/", {"_export": "sdr-queue"})
        lines = b"".join(response.streaming_content).decode().splitlines()
    return len(captured), len(lines) - 1  # less the header row


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(tables, "EXPORT_CHUNK", 10)


def test_queries_grow_by_the_chunk_not_the_row(mql, org, client, now, small_chunks):
    client.force_login(org["sdr1"])
    copies(mql, 9, "first", routed_at=mql.routed_at)
    one_chunk, rows = _queries_to_download(client)
    assert rows == 10

    copies(mql, 19, "more", routed_at=mql.routed_at)  # three chunks now
    three_chunks, rows = _queries_to_download(client)
    assert rows == 29

    per_chunk = (three_chunks - one_chunk) / 2
    assert per_chunk == int(per_chunk) <= 4  # the leads' accounts, clocks, touches
    assert one_chunk < 20


def test_the_response_streams(mql, org, client, now):
    client.force_login(org["sdr1"])

    response = client.get("/workspace/sdr/", {"_export": "sdr-queue"})

    assert response.streaming
    first = next(iter(response.streaming_content))
    assert first.decode().startswith("Lead,Tier,Score,State,Due,Cadence")
