"""Real processes for the integration tests: the portal's web, Celery worker and beat."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
import redis

from tests.helpers import REPO, manage, portal_env

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> object:
    """Poll a real process's observable state; processes are not time-travelled."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class Portal:
    """A running portal: web, worker and beat started as an operator would start them."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env = env
        self.logs = logs
        self.processes: dict[str, subprocess.Popen] = {}
        self.port = free_port()
        self.cwd = REPO

    def start(self, name: str, *command: str, environment: dict | None = None) -> None:
        log = (self.logs / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=REPO,
            env={**self.env, **(environment or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_worker_and_beat(self) -> None:
        self.start_worker()
        self.start_beat()

    def start_worker(self) -> None:
        self.start("worker", *self.celery("worker", "--concurrency", "1"))

    def start_beat(self) -> None:
        self.start("beat", *self.celery("beat"))

    @staticmethod
    def celery(*command: str) -> list[str]:
        celery = str(Path(sys.executable).with_name("celery"))
        return [celery, "-A", "slaportal", *command, "--loglevel", "INFO"]

    @staticmethod
    def manage_command() -> list[str]:
        return [sys.executable, "manage.py"]

    def kill(self, name: str) -> None:
        """As a crash would: no chance to finish what it was doing."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return manage(*args, env=self.env)

    def health(self) -> tuple[int, dict] | None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/health/", headers={"Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)
        except OSError:
            return None  # not listening yet

    def wait_for_health(self, status: int, timeout: float) -> dict:
        def answered():
            health = self.health()
            return health is not None and health[0] == status and health[1]

        return wait_until(answered, timeout, f"/health/ to answer {status} (logs in {self.logs})")

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def postgres_database():
    name = f"slaportal_it_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


@pytest.fixture
def start_portal(tmp_path):
    portals = []

    def start(**settings: str) -> Portal:
        env = portal_env(
            SLAPORTAL_VAR_DIR=str(tmp_path / "var"), HEARTBEAT_INTERVAL="1", **settings
        )
        migrated = manage("migrate", "--noinput", env=env)
        assert migrated.returncode == 0, migrated.stderr
        portal = Portal(env, tmp_path)
        portals.append(portal)
        return portal

    yield start
    for portal in portals:
        portal.stop()


class PrivateRedis:
    """A Redis server of the test's own, on a free port, that a drill may stop and restart."""

    def __init__(self, logs: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.logs = logs
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(self.logs / f"redis-{self.port}.log"),
            ],
            # On the real clock, as the machine's own Redis is: libfaketime breaks the server's
            # allocator at start-up, and the portal's clocks never read Redis's time.
            env={k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")},
        )
        wait_until(self.answers, 15, "the private Redis to start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        wait_until(lambda: not self.answers(), 15, "the private Redis to stop")

    def answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_timeout=1).ping()
        except redis.RedisError:
            return False


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
