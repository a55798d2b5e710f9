"""A real HTTP server standing in for Slack's incoming webhooks, on a free local port.

It records what it was sent. `hold_first` keeps the first request waiting that many seconds
before answering; a request whose sender went away meanwhile (its process was killed) is
recorded as aborted, not delivered. `fail` answers 500 to that many requests first."""

import json
import select
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeSlack:
    def __init__(self, *, hold_first: float = 0, fail: int = 0):
        self.delivered: list[dict] = []
        self.aborted: list[dict] = []
        self.received = threading.Event()
        self._hold, self._fail, self._lock = hold_first, fail, threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/services/T000/B000/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def hold_next(self, seconds: float) -> None:
        with self._lock:
            self._hold = seconds

    def keys(self) -> list[int]:
        """The notification ids of the messages delivered, in order."""
        return [m["metadata"]["event_payload"]["notification"] for m in self.delivered]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next(self) -> tuple[float, bool]:
        with self._lock:
            hold, self._hold = self._hold, 0
            fail = self._fail > 0
            self._fail -= fail
            return hold, fail

    def _handler(self):
        slack = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                hold, fail = slack._next()
                slack.received.set()
                if hold and _sender_left(self.connection, hold):
                    slack.aborted.append(body)
                    return
                if fail:
                    self.send_response(500)
                    self.end_headers()
                    return
                # Recorded before the answer, as Slack posts on receipt: a sender that returns
                # on the answer then finds its message here.
                slack.delivered.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok")

        return Handler


def _sender_left(connection, seconds: float) -> bool:
    """Wait up to `seconds`; True when the other end closed its connection meanwhile."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        readable, _, _ = select.select([connection], [], [], left)
        if readable:
            return connection.recv(1, 2) == b""  # MSG_PEEK: EOF means it went away
    return False
