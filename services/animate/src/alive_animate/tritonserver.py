"""Running the tritonserver bundled in the `nvidia-pytriton` wheel on our model repository.

Used by the local stack and the integration test. The Python backend needs a
backend directory holding its library, utils and the 3.11 stub; the stub runs
the first `python3` on PATH (so the venv goes first) and links the system
libpython (so this interpreter's LIBDIR goes first on LD_LIBRARY_PATH).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

MODEL_REPOSITORY: Path = Path(__file__).resolve().parents[2] / "model_repository"
STUB_PYTHON = "3.11"
READY_TIMEOUT_S = 60.0


class ServerStartError(RuntimeError):
    """tritonserver did not become ready; the message carries the tail of its log."""


def _pytriton_root() -> Path:
    import pytriton  # imported lazily: only needed to run a server

    return Path(pytriton.__file__).resolve().parent / "tritonserver"


def prepare_backend_dir(dest: Path) -> Path:
    """Create `<dest>/python/` linking the Python backend files; returns `dest`."""
    root = _pytriton_root()
    python_dir = Path(dest) / "python"
    python_dir.mkdir(parents=True, exist_ok=True)
    sources = {
        "libtriton_python.so": root / "backends" / "python" / "libtriton_python.so",
        "triton_python_backend_utils.py": root
        / "backends"
        / "python"
        / "triton_python_backend_utils.py",
        "triton_python_backend_stub": root
        / "python_backend_stubs"
        / STUB_PYTHON
        / "triton_python_backend_stub",
    }
    for name, source in sources.items():
        if not source.exists():
            raise FileNotFoundError(f"{source} is missing from the nvidia-pytriton wheel")
        link = python_dir / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(source)
    return Path(dest)


def server_command(
    model_repository: Path,
    backend_dir: Path,
    grpc_port: int,
    http_port: int,
    metrics_port: int,
    shm_prefix: str,
) -> list[str]:
    return [
        str(_pytriton_root() / "bin" / "tritonserver"),
        f"--model-repository={model_repository}",
        f"--backend-directory={backend_dir}",
        f"--backend-config=python,shm-region-prefix-name={shm_prefix}_",
        "--grpc-address=127.0.0.1",
        f"--grpc-port={grpc_port}",
        "--http-address=127.0.0.1",
        f"--http-port={http_port}",
        "--metrics-address=127.0.0.1",
        f"--metrics-port={metrics_port}",
        "--metrics-config=summary_latencies=true",
        "--log-verbose=0",
    ]


def server_env(base: Mapping[str, str]) -> dict[str, str]:
    env = dict(base)
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(
        [venv_bin, *[p for p in env.get("PATH", "").split(os.pathsep) if p]]
    )
    libdir = sysconfig.get_config_var("LIBDIR") or ""
    env["LD_LIBRARY_PATH"] = os.pathsep.join(
        [libdir, *[p for p in env.get("LD_LIBRARY_PATH", "").split(os.pathsep) if p]]
    )
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(
    tmp_dir: Path, model_repository: Path = MODEL_REPOSITORY, timeout_s: float = READY_TIMEOUT_S
) -> Iterator[tuple[str, str]]:
    """Start tritonserver on free ports; yield (grpc_url, http_url); stop it on exit."""
    tmp_dir = Path(tmp_dir)
    backend_dir = prepare_backend_dir(tmp_dir / "backends")
    grpc_port, http_port, metrics_port = _free_port(), _free_port(), _free_port()
    log_path = tmp_dir / "tritonserver.log"
    command = server_command(
        model_repository,
        backend_dir,
        grpc_port,
        http_port,
        metrics_port,
        shm_prefix=f"alive{os.getpid()}x{grpc_port}",
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=server_env(os.environ)
        )
    http_url = f"http://127.0.0.1:{http_port}"
    try:
        _wait_ready(process, f"{http_url}/v2/health/ready", log_path, timeout_s)
        yield f"127.0.0.1:{grpc_port}", http_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(
    process: subprocess.Popen[bytes], url: str, log_path: Path, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerStartError(
                f"tritonserver exited with {process.returncode}:\n{_tail(log_path)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise ServerStartError(f"tritonserver not ready after {timeout_s:.0f} s:\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
