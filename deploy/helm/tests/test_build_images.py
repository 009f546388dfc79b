"""scripts/build_images.sh, driven against a stand-in Docker client that records its calls.

No engine is needed: the stand-in answers `info` and logs every `build`, so the test
sees exactly which recipe and build arguments each image would get.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "build_images.sh"


@pytest.fixture()
def fake_docker(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "calls.log"
    client = tmp_path / "docker"
    client.write_text(f'#!/usr/bin/env bash\necho "$*" >> {log}\n')
    client.chmod(0o755)
    return client, log


def run(client: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        env={**os.environ, "DOCKER": str(client), "TAG": "t1", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def builds(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if line.startswith("build ")]


def test_python_stages_share_one_recipe_and_triton_has_its_own(
    fake_docker: tuple[Path, Path],
) -> None:
    client, log = fake_docker
    result = run(client, "ingest", "provenance", "triton")
    assert result.returncode == 0, result.stderr
    ingest, provenance, triton = builds(log)
    assert "--file services/Dockerfile --build-arg SERVICE=ingest" in ingest
    assert "alive-ingest:t1" in ingest
    assert "--file services/Dockerfile --build-arg SERVICE=provenance" in provenance
    assert "--file services/animate/Dockerfile" in triton and "SERVICE" not in triton
    assert (ROOT / "services" / "Dockerfile").is_file()
    assert (ROOT / "services" / "animate" / "Dockerfile").is_file()


def test_cpu_torch_index_reaches_only_the_moderation_image(
    fake_docker: tuple[Path, Path],
) -> None:
    client, log = fake_docker
    url = "https://wheels.example/cpu"
    result = run(client, "moderation", "generation", TORCH_INDEX_URL=url)
    assert result.returncode == 0, result.stderr
    moderation, generation = builds(log)
    assert f"--build-arg TORCH_INDEX_URL={url}" in moderation
    assert "TORCH_INDEX_URL" not in generation


def test_every_python_stage_has_the_console_script_the_image_runs() -> None:
    recipe = (ROOT / "services" / "Dockerfile").read_text()
    for stage in ("ingest", "moderation", "generation", "provenance"):
        assert stage in recipe
        pyproject = (ROOT / "services" / stage / "pyproject.toml").read_text()
        assert f'alive-{stage} = "alive_{stage}.__main__:main"' in pyproject


def test_unknown_component_is_a_usage_error(fake_docker: tuple[Path, Path]) -> None:
    client, log = fake_docker
    result = run(client, "billing")
    assert result.returncode == 2
    assert "unknown argument 'billing'" in result.stderr
    assert not log.exists()
