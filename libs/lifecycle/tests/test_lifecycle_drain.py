"""A real service process: healthy once ready, and on SIGTERM it reports
NOT_SERVING, drains and exits 0 within its grace period."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alive_observability.health import check

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_service_drains_and_exits_cleanly_on_sigterm(kafka_bootstrap: str, tmp_path: Path) -> None:
    grpc_port, metrics_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "ALIVE_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "ALIVE_BLOB_URL": (tmp_path / "blobs").as_uri(),
        "ALIVE_GRPC_PORT": str(grpc_port),
        "ALIVE_METRICS_PORT": str(metrics_port),
        "ALIVE_BIND_HOST": "127.0.0.1",
        "ALIVE_TRITON_URL": "127.0.0.1:1",  # never called: no job arrives
        "ALIVE_LOG_FORMAT": "json",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "alive_generation"], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while not check(f"127.0.0.1:{grpc_port}", timeout=0.5):
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "service never became healthy"
            time.sleep(0.2)
        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
        assert time.monotonic() - began < 15
    finally:
        if process.poll() is None:
            process.kill()
    lines = [
        json.loads(line)
        for line in (process.stderr.read() if process.stderr else "").splitlines()
        if line.startswith("{")
    ]
    messages = [line["msg"] for line in lines]
    assert messages.index("stop requested") < messages.index("draining") < messages.index("stopped")
    assert all(line["service"] == "generation" for line in lines)
    assert not check(f"127.0.0.1:{grpc_port}", timeout=0.5)
