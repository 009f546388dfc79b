"""One local stack for the end-to-end tests: the real broker, the real Triton
server and the four services as processes, with PostgreSQL as the job store."""

from __future__ import annotations

import os
import random
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from alive_cli.client import IngestClient
from alive_cli.stack import LocalStack, Ports, StackState

POSTGRES_DSN = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session", autouse=True)
def _teardown_on_sigterm() -> None:
    """CI timeouts and Ctrl-C in a terminal send SIGTERM/SIGINT: turn both into
    KeyboardInterrupt so pytest runs fixture teardown and stops the stack,
    instead of leaving its processes behind."""

    def interrupt(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    home = tmp_path_factory.mktemp("alive-home")
    # A port range of its own, so a developer's `make run` stack keeps running.
    base = random.randrange(30000, 45000, 100)
    schema = f"e2e_{uuid.uuid4().hex[:10]}"
    database_url = os.environ.get("ALIVE_TEST_DATABASE_URL", f"{POSTGRES_DSN}?schema={schema}")
    local = LocalStack(home, Ports(base), database_url)
    try:
        local.up(timeout_s=180)
    except Exception:
        for log in sorted((home / "logs").glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        local.down()
        raise
    yield local
    local.down()


@pytest.fixture(scope="session")
def state(stack: LocalStack) -> StackState:
    loaded = StackState.load(stack.home)
    assert loaded is not None
    return loaded


@pytest.fixture
def client(state: StackState) -> Iterator[IngestClient]:
    # A fresh tenant per test: tests never see each other's jobs.
    ingest = IngestClient(state.address("ingest"), tenant=f"e2e-{uuid.uuid4().hex[:8]}")
    yield ingest
    ingest.close()


@pytest.fixture(scope="session")
def photo() -> bytes:
    return (
        Path(__file__).resolve().parents[2] / "samples" / "photos" / "landscape-temple.jpg"
    ).read_bytes()
