"""The chart checks catch what they claim to catch (run: pytest deploy/helm/tests).

Each test breaks one thing on purpose and asserts that scripts/helm_check.py
reports it; one test asserts the real chart passes.
"""

from __future__ import annotations

import copy
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("helm_check", ROOT / "scripts" / "helm_check.py")
assert _spec and _spec.loader
hc = importlib.util.module_from_spec(_spec)
sys.modules["helm_check"] = hc  # dataclasses look their module up there
_spec.loader.exec_module(hc)

pytest.importorskip("helm_python")
pytest.importorskip("kubernetes_validate")


@pytest.fixture(scope="module")
def default_render() -> hc.Rendered:
    return hc.render("default", {})


@pytest.fixture(scope="module")
def operations_md() -> str:
    return (ROOT / "docs" / "operations.md").read_text()


def _find(docs: list[dict], kind: str, name_suffix: str) -> dict:
    return next(
        d for d in docs if d["kind"] == kind and d["metadata"]["name"].endswith(name_suffix)
    )


def test_the_chart_passes_every_check(default_render: hc.Rendered, operations_md: str) -> None:
    assert hc.lint({}) == []
    assert hc.validate_schemas(default_render.docs) == []
    assert hc.check_policy(default_render.docs, operations_md) == []


def test_an_unknown_value_fails_lint() -> None:
    problems = hc.lint({"components": {"ingest": {"replica": 3}}})
    assert any("replica" in p for p in problems)


def test_a_mistyped_value_fails_lint() -> None:
    problems = hc.lint({"components": {"triton": {"ports": {"grpc": "8001"}}}})
    assert problems


def test_signing_without_a_secret_fails_to_render() -> None:
    with pytest.raises(Exception, match=r"signing\.existingSecret"):
        hc.render("x", {"signing": {"existingSecret": ""}})


def _provenance_env(docs: list[dict]) -> dict[str, str]:
    pod = _find(docs, "Deployment", "-provenance")["spec"]["template"]["spec"]
    return {e["name"]: e.get("value", "") for e in pod["containers"][0]["env"]}


def test_the_watermark_secret_is_mounted_from_the_signing_secret(
    default_render: hc.Rendered,
) -> None:
    env = _provenance_env(default_render.docs)
    assert env["ALIVE_WATERMARK_KEY_FILE"] == "/var/run/secrets/alive/signing/watermark.key"
    inline = {"signing": {"existingSecret": "", "key": "PEM", "chain": "PEM"}}
    without = hc.render("x", inline)
    assert "ALIVE_WATERMARK_KEY_FILE" not in _provenance_env(without.docs)  # dev key, warned
    inline["signing"]["watermarkKey"] = "0123456789abcdef0123"
    with_key = hc.render("x", inline)
    assert "ALIVE_WATERMARK_KEY_FILE" in _provenance_env(with_key.docs)
    assert "watermark.key" in _find(with_key.docs, "Secret", "-signing")["data"]


def test_a_network_policy_naming_a_missing_component_fails_to_render() -> None:
    values = {"components": {"generation": {"networkPolicy": {"egressToComponents": ["tritonn"]}}}}
    with pytest.raises(Exception, match="tritonn"):
        hc.render("x", values)


def test_a_consumer_group_that_is_not_the_component_fails_to_render() -> None:
    values = {
        "components": {
            "generation": {"consumer": {"group": "gen", "topics": ["alive.jobs.approved.v1"]}}
        }
    }
    with pytest.raises(Exception, match="consumer group"):
        hc.render("x", values)


def test_kubernetes_validate_catches_an_unknown_field(default_render: hc.Rendered) -> None:
    docs = copy.deepcopy(default_render.docs)
    _find(docs, "Deployment", "-ingest")["spec"]["template"]["spec"]["containers"][0][
        "imagePullPolicyy"
    ] = "Always"
    assert any("imagePullPolicyy" in p for p in hc.validate_schemas(docs))


def test_crd_schemas_catch_a_misplaced_field(default_render: hc.Rendered) -> None:
    docs = copy.deepcopy(default_render.docs)
    _find(docs, "ScaledObject", "-generation")["spec"]["triggers"][0]["metadata"]["lagTreshold"] = (
        "5"
    )
    _find(docs, "PrometheusRule", "")["spec"]["groups"][0]["rules"][0]["annotations"].pop(
        "runbook_url"
    )
    problems = hc.validate_schemas(docs)
    assert any("ScaledObject" in p for p in problems)
    assert any("PrometheusRule" in p and "runbook_url" in p for p in problems)


def test_policy_catches_a_writable_root_filesystem(default_render: hc.Rendered) -> None:
    docs = copy.deepcopy(default_render.docs)
    container = _find(docs, "Deployment", "-provenance")["spec"]["template"]["spec"]["containers"][
        0
    ]
    container["securityContext"]["readOnlyRootFilesystem"] = False
    assert any("root filesystem is writable" in p for p in hc.check_policy(docs))


def test_policy_catches_replicas_fighting_the_autoscaler(default_render: hc.Rendered) -> None:
    docs = copy.deepcopy(default_render.docs)
    _find(docs, "Deployment", "-moderation")["spec"]["replicas"] = 2
    assert any("autoscaler owns them" in p for p in hc.check_policy(docs))


def test_policy_catches_an_unknown_topic(default_render: hc.Rendered) -> None:
    docs = copy.deepcopy(default_render.docs)
    _find(docs, "ScaledObject", "-provenance")["spec"]["triggers"][0]["metadata"]["topic"] = (
        "alive.jobs.cleard.v1"
    )
    assert any("alive.jobs.cleard.v1" in p for p in hc.check_policy(docs))


def test_policy_catches_a_missing_runbook_section(
    default_render: hc.Rendered, operations_md: str
) -> None:
    without = operations_md.replace("### AliveDeadLetterGrowth", "### Dead letters")
    assert any("#alivedeadlettergrowth" in p for p in hc.check_policy(default_render.docs, without))


def test_policy_catches_an_alert_on_a_metric_that_does_not_exist(
    default_render: hc.Rendered,
) -> None:
    docs = copy.deepcopy(default_render.docs)
    rule = _find(docs, "PrometheusRule", "")["spec"]["groups"][0]["rules"][1]
    rule["expr"] = rule["expr"].replace("alive_jobs_total", "alive_job_total")
    assert any("alive_job_total" in p for p in hc.check_policy(docs))


def test_policy_catches_a_secret_as_a_literal(default_render: hc.Rendered) -> None:
    docs = copy.deepcopy(default_render.docs)
    env = _find(docs, "Deployment", "-ingest")["spec"]["template"]["spec"]["containers"][0]["env"]
    env.append({"name": "PGPASSWORD", "value": "hunter2"})
    assert any("PGPASSWORD is a literal" in p for p in hc.check_policy(docs))


def test_expected_output_mismatch_is_reported_with_a_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(hc, "EXPECTED", tmp_path)
    monkeypatch.setattr(hc, "ROOT", tmp_path.parent)
    rendered = hc.Rendered("dev", "---\nkind: A\n")
    assert hc.compare_expected(rendered, update=True) == []
    assert hc.compare_expected(rendered, update=False) == []
    changed = hc.Rendered("dev", "---\nkind: B\n")
    assert hc.compare_expected(changed, update=False)
    out = capsys.readouterr().out
    assert "-kind: A" in out and "+kind: B" in out


def test_yamllint_catches_trailing_spaces() -> None:
    assert hc.yamllint_problems({"x": "a: 1   \n"}, hc.YAMLLINT_RENDERED_CONFIG)


def test_hadolint_catches_an_unpinned_base_image(tmp_path: Path) -> None:
    binary = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(binary).exists():
        pytest.skip("hadolint is not installed")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:latest\nRUN pip install requests\n")
    result = subprocess.run([binary, str(dockerfile)], capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "DL3007" in result.stdout


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"keda": {"enabled": False}}, id="hpa-fallback"),
        pytest.param(
            {
                "signing": {
                    "existingSecret": "",
                    "key": "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n",
                    "chain": "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n",
                    "trustAnchors": "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n",
                },
                "moderation": {"policy": "version: 2\n"},
                "tracing": {"enabled": True},
            },
            id="chart-made-config",
        ),
    ],
)
def test_other_value_paths_render_valid_manifests(values: dict, operations_md: str) -> None:
    rendered = hc.render("x", values)
    assert hc.validate_schemas(rendered.docs) == []
    assert hc.check_policy(rendered.docs, operations_md) == []
    kinds = {d["kind"] for d in rendered.docs}
    if values.get("keda"):
        assert "HorizontalPodAutoscaler" in kinds and "ScaledObject" not in kinds
    else:
        assert {"Secret", "ConfigMap"} <= kinds
