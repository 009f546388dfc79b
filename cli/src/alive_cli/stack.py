"""The embedded local stack: broker, Triton and the four services on one
machine, as separate processes, exactly as they run in production.

State lives in one directory (``.alive/`` by default): blobs, the job
database, the development certificate chain, logs, and ``stack.json`` with
the running processes, so ``alive down`` and ``alive status`` work from any
later shell.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from alive_observability.health import check as grpc_healthy
from alive_provenance import dev_chain

SERVICES = ("ingest", "moderation", "generation", "provenance")
STATE_FILE = "stack.json"


@dataclass(frozen=True)
class Ports:
    """Every port the stack uses, derived from one base so stacks can coexist."""

    base: int = 50050

    def grpc(self, service: str) -> int:
        return self.base + 1 + SERVICES.index(service)

    def metrics(self, service: str) -> int:
        return self.base + 11 + SERVICES.index(service)

    @property
    def broker(self) -> int:
        return self.base + 20

    @property
    def triton_grpc(self) -> int:
        return self.base + 30

    @property
    def triton_http(self) -> int:
        return self.base + 31

    @property
    def triton_metrics(self) -> int:
        return self.base + 32


@dataclass
class Component:
    name: str
    address: str
    pid: int
    log: str
    kind: str  # "grpc", "http" (Triton readiness URL) or "tcp"


@dataclass
class StackState:
    home: str
    port_base: int
    database_url: str
    components: list[Component] = field(default_factory=list)

    def save(self) -> None:
        path = Path(self.home) / STATE_FILE
        path.write_text(json.dumps(asdict(self), indent=2))

    @classmethod
    def load(cls, home: Path) -> StackState | None:
        path = home / STATE_FILE
        if not path.is_file():
            return None
        raw = json.loads(path.read_text())
        raw["components"] = [Component(**c) for c in raw["components"]]
        return cls(**raw)

    def address(self, name: str) -> str:
        for component in self.components:
            if component.name == name:
                return component.address
        raise KeyError(name)


class StackError(RuntimeError):
    pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def healthy(component: Component) -> bool:
    if not _alive(component.pid):
        return False
    if component.kind == "grpc":
        return grpc_healthy(component.address, timeout=1.0)
    if component.kind == "http":
        try:
            with urllib.request.urlopen(component.address, timeout=1.0) as reply:
                return reply.status == 200
        except OSError:
            return False
    return True  # tcp: the broker answers as long as it runs


def _tail(path: str, lines: int = 15) -> str:
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class LocalStack:
    def __init__(
        self, home: Path, ports: Ports | None = None, database_url: str | None = None
    ) -> None:
        self.home = home.resolve()
        self.ports = ports or Ports()
        self.database_url = database_url or f"sqlite:///{self.home / 'jobs.db'}"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def certs(self) -> Path:
        return self.home / "certs"

    @property
    def trust_anchors(self) -> Path:
        return self.certs / dev_chain.ROOT_FILE

    @property
    def watermark_key(self) -> Path:
        return self.certs / dev_chain.WATERMARK_KEY_FILE

    def service_env(self, service: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "ALIVE_KAFKA_BOOTSTRAP": f"127.0.0.1:{self.ports.broker}",
                "ALIVE_BLOB_URL": (self.home / "blobs").as_uri(),
                "ALIVE_GRPC_PORT": str(self.ports.grpc(service)),
                "ALIVE_METRICS_PORT": str(self.ports.metrics(service)),
                "ALIVE_BIND_HOST": "127.0.0.1",
                "ALIVE_LOG_FORMAT": "json",
                "ALIVE_DATABASE_URL": self.database_url,
                "ALIVE_TRITON_URL": f"127.0.0.1:{self.ports.triton_grpc}",
                "ALIVE_SIGNING_KEY_FILE": str(self.certs / dev_chain.KEY_FILE),
                "ALIVE_SIGNING_CHAIN_FILE": str(self.certs / dev_chain.CHAIN_FILE),
                "ALIVE_TRUST_ANCHORS_FILE": str(self.certs / dev_chain.ROOT_FILE),
                "ALIVE_WATERMARK_KEY_FILE": str(self.watermark_key),
            }
        )
        return env

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> tuple[int, str]:
        log = self.logs / f"{name}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=self.home,
                start_new_session=True,  # outlives `alive up`; stopped by `alive down`
            )
        return process.pid, str(log)

    def up(
        self, progress: Callable[[str], None] = lambda _: None, timeout_s: float = 120
    ) -> StackState:
        from alive_animate.tritonserver import (
            MODEL_REPOSITORY,
            prepare_backend_dir,
            server_command,
            server_env,
        )
        from alive_contracts import topics
        from alive_messaging import ensure_topics
        from alive_messaging.embedded import broker_command, wait_for_port

        existing = StackState.load(self.home)
        if existing and any(_alive(c.pid) for c in existing.components):
            raise StackError(f"a stack is already running from {self.home}; run `alive down` first")
        for folder in (self.home, self.logs, self.certs, self.home / "blobs"):
            folder.mkdir(parents=True, exist_ok=True)
        state = StackState(str(self.home), self.ports.base, self.database_url)

        try:
            progress("development signing certificates")
            dev_chain.ensure_dev_chain(self.certs)
            dev_chain.ensure_dev_watermark_key(self.certs)

            progress("broker (Tansu)")
            pid, log = self._spawn("broker", broker_command(self.ports.broker), dict(os.environ))
            state.components.append(
                Component("broker", f"127.0.0.1:{self.ports.broker}", pid, log, "tcp")
            )
            state.save()
            wait_for_port(self.ports.broker, 20)
            progress("topics")
            ensure_topics(f"127.0.0.1:{self.ports.broker}", topics.ALL, partitions=3)

            progress("Triton (animate model)")
            backend = prepare_backend_dir(self.home / "triton-backends")
            command = server_command(
                MODEL_REPOSITORY,
                backend,
                self.ports.triton_grpc,
                self.ports.triton_http,
                self.ports.triton_metrics,
                f"alive{self.ports.base}_",
            )
            pid, log = self._spawn("triton", command, server_env(os.environ))
            ready = f"http://127.0.0.1:{self.ports.triton_http}/v2/health/ready"
            state.components.append(Component("triton", ready, pid, log, "http"))
            state.save()

            for service in SERVICES:
                progress(f"{service} service")
                pid, log = self._spawn(
                    service, [sys.executable, "-m", f"alive_{service}"], self.service_env(service)
                )
                address = f"127.0.0.1:{self.ports.grpc(service)}"
                state.components.append(Component(service, address, pid, log, "grpc"))
                state.save()

            progress("waiting until every component is healthy")
            self._wait_healthy(state, timeout_s)
        except BaseException:
            self.down()
            raise
        return state

    def _wait_healthy(self, state: StackState, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        pending = list(state.components)
        while pending:
            for component in list(pending):
                if not _alive(component.pid):
                    raise StackError(
                        f"{component.name} exited during start-up; "
                        f"last log lines:\n{_tail(component.log)}"
                    )
                if healthy(component):
                    pending.remove(component)
            if pending and time.monotonic() > deadline:
                names = ", ".join(c.name for c in pending)
                raise StackError(
                    f"not healthy after {timeout_s:.0f} s: {names}; last log lines of "
                    f"{pending[0].name}:\n{_tail(pending[0].log)}"
                )
            time.sleep(0.2)

    def down(self, timeout_s: float = 20) -> list[str]:
        """Stop every component (services first, the broker last); returns their names."""
        state = StackState.load(self.home)
        if state is None:
            return []
        stopped = []
        for component in reversed(state.components):
            if _alive(component.pid):
                try:
                    os.killpg(component.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
                deadline = time.monotonic() + timeout_s
                while _alive(component.pid) and time.monotonic() < deadline:
                    _reap(component.pid)
                    time.sleep(0.1)
                if _alive(component.pid):
                    os.killpg(component.pid, signal.SIGKILL)
                    _reap(component.pid)
                stopped.append(component.name)
        (self.home / STATE_FILE).unlink(missing_ok=True)
        return stopped

    def status(self) -> list[dict[str, object]]:
        state = StackState.load(self.home)
        if state is None:
            return []
        return [
            {
                "name": c.name,
                "address": c.address,
                "pid": c.pid,
                "healthy": healthy(c),
                "log": c.log,
            }
            for c in state.components
        ]


def _reap(pid: int) -> None:
    """Collect a child we started in this process, so it doesn't linger as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
