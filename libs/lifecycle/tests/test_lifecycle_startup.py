"""A stage that cannot start: one line naming the setting or file and why, exit 2."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from pydantic_settings import BaseSettings, SettingsConfigDict

from alive_lifecycle.startup import EXIT_CANNOT_START, describe, refusing_to_start


class DemoSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ALIVE_")
    grpc_port: int = 50051
    retry_backoff_s: float = 0.5


def test_bad_settings_are_named_by_their_environment_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALIVE_GRPC_PORT", "hunter2")
    monkeypatch.setenv("ALIVE_RETRY_BACKOFF_S", "soon")
    with pytest.raises(Exception) as caught:
        DemoSettings()
    line = describe(caught.value)
    assert "ALIVE_GRPC_PORT: Input should be a valid integer" in line
    assert "ALIVE_RETRY_BACKOFF_S: Input should be a valid number" in line
    assert "hunter2" not in line  # values are never echoed: they may be secrets


def test_a_failure_while_starting_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ALIVE_LOG_LEVEL", raising=False)
    with pytest.raises(SystemExit) as caught, refusing_to_start("provenance"):
        raise FileNotFoundError("/var/run/secrets/alive/signing/tls.key: no such file")
    assert caught.value.code == EXIT_CANNOT_START
    err = capsys.readouterr().err
    assert err == (
        "provenance: cannot start: FileNotFoundError: "
        "/var/run/secrets/alive/signing/tls.key: no such file\n"
    )


def test_a_real_stage_with_a_bad_port_exits_2_without_a_traceback() -> None:
    env = {**os.environ, "ALIVE_GRPC_PORT": "not-a-port"}
    result = subprocess.run(
        [sys.executable, "-m", "alive_generation"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_CANNOT_START
    assert result.stderr.strip().splitlines() == [
        "generation: cannot start: ALIVE_GRPC_PORT: Input should be a valid integer, "
        "unable to parse string as an integer"
    ]


@pytest.mark.parametrize("taken", ["grpc_port", "metrics_port"])
def test_a_port_already_taken_is_one_line_and_exit_2(
    taken: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from alive_lifecycle import Service
    from alive_observability.settings import ObservabilitySettings

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        ports = {"grpc_port": _free_port(), "metrics_port": _free_port()}
        ports[taken] = busy.getsockname()[1]
        settings = ObservabilitySettings(bind_host="127.0.0.1", **ports)
        with pytest.raises(SystemExit) as caught:
            Service(name="demo", settings=settings).run()
    assert caught.value.code == EXIT_CANNOT_START
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("demo: cannot start: ")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
