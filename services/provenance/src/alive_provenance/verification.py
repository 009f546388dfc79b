"""Verification: does this video carry an intact Alive manifest, and who vouches for it?

The report speaks to people (a support agent, a partner platform): each problem is a
sentence, not a C2PA status code. Trust is decided by the anchors the caller
configures, so the same file reads "Valid" (signed, signer unknown) to a stranger
and "Trusted" to a verifier that holds Alive's root.

The invisible watermark is read as well: it is what still identifies an Alive video
after a re-upload stripped the manifest or a re-encode changed the pixels. The
payload leads to a job only through the registry the provenance stage writes; a
verifier without it (a partner, the CLI away from the stack) still learns that the
video was made by Alive and is AI-generated. "No provenance found" is said only
when neither a manifest nor the watermark is there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

import c2pa

from alive_provenance.signing import (
    JOB_ASSERTION,
    SOFT_BINDING_ASSERTION,
    TRAINED_ALGORITHMIC_MEDIA,
    VIDEO_MIME,
    soft_binding_payload,
)
from alive_provenance.watermark import DEFAULT_KEY, Payload, WatermarkRegistry, detect_in_video

NO_PROVENANCE = "no provenance found"
MANIFEST_MISSING = (
    "no C2PA manifest (removed by a re-upload or re-encode); "
    "the invisible watermark identifies the video as made by Alive"
)
WATERMARK_MISMATCH = "the invisible watermark does not match the manifest's soft binding"
WATERMARK_UNKNOWN = "the watermark payload is not in the registry of Alive jobs"
AI_SOURCE_TYPES = frozenset(
    {
        TRAINED_ALGORITHMIC_MEDIA,
        "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
    }
)
_ISSUES = {
    "assertion.bmffHash.mismatch": "video data does not match the signed hash",
    "assertion.dataHash.mismatch": "video data does not match the signed hash",
    "assertion.hashedURI.mismatch": "a manifest assertion was changed after signing",
    "claimSignature.mismatch": "the manifest signature does not match its contents",
    "claimSignature.outsideValidity": (
        "the signing certificate was expired or not yet valid when the manifest was signed"
    ),
    "signingCredential.expired": "the signing certificate has expired",
    "signingCredential.revoked": "the signing certificate has been revoked",
    "signingCredential.invalid": "the signing certificate is not valid for C2PA signing",
    "timeStamp.mismatch": "the trusted timestamp does not match the signature",
}
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VerificationReport:
    """What a verifier found. `issues` is empty only for a trusted, intact manifest."""

    manifest_present: bool
    signature_valid: bool
    trusted: bool
    ai_generated: bool
    validation_state: str | None
    issues: list[str] = field(default_factory=list)
    generator: str | None = None
    job_id: str | None = None
    signed_at: dt.datetime | None = None
    watermark_found: bool = False
    watermark_payload: str | None = None
    watermark_job_id: str | None = None
    soft_binding_payload: str | None = None  # the watermark payload the manifest names

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (timestamps as ISO 8601)."""
        data = asdict(self)
        data["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        return data


def verify_video(
    data: bytes,
    trust_anchors_pem: bytes | None,
    registry: WatermarkRegistry | None = None,
    *,
    read_watermark: bool = True,
    watermark_key: bytes = DEFAULT_KEY,
) -> VerificationReport:
    """Validate the C2PA manifest in `data` (an MP4) and read its invisible watermark.

    `trust_anchors_pem`: root certificates (PEM) whose signers count as trusted;
    None trusts nobody, so an intact manifest reads Valid but not Trusted.
    `registry`: where watermark payloads lead to job ids (None: report the payload only).
    `read_watermark`: False skips the watermark (~0.3-0.6 s for a 5 s story).
    `watermark_key`: the key the marks were made with (`Settings.watermark_key_file`).
    Anything that is neither signed nor watermarked, garbage included, reports
    "no provenance found".
    """
    report = _manifest_report(data, trust_anchors_pem)
    if not read_watermark:
        return report
    detection = detect_in_video(data, watermark_key)
    if not detection.found or detection.payload is None:
        return report
    return _with_watermark(report, detection.payload, registry)


def _manifest_report(data: bytes, trust_anchors_pem: bytes | None) -> VerificationReport:
    context = _context(trust_anchors_pem)
    try:
        reader = c2pa.Reader.try_create(VIDEO_MIME, io.BytesIO(data), None, context)
    except c2pa.C2paError as exc:
        _log.debug("no readable manifest: %s", exc)
        reader = None
    finally:
        if context is not None:
            context.close()
    if reader is None:
        return _absent()
    with reader:
        try:
            store = json.loads(reader.json())
        except (c2pa.C2paError, ValueError) as exc:
            _log.debug("manifest store unreadable: %s", exc)
            return _absent()
    return _report(store, anchors_configured=trust_anchors_pem is not None)


def _with_watermark(
    report: VerificationReport, payload: Payload, registry: WatermarkRegistry | None
) -> VerificationReport:
    entry = registry.lookup(payload) if registry is not None else None
    issues = [issue for issue in report.issues if issue != NO_PROVENANCE]
    if not report.manifest_present:
        issues.insert(0, MANIFEST_MISSING)
    elif report.soft_binding_payload not in (None, payload.hex):
        issues.append(WATERMARK_MISMATCH)
    if registry is not None and entry is None:
        issues.append(WATERMARK_UNKNOWN)
    watermark_job = entry.job_id if entry is not None else None
    return dataclasses.replace(
        report,
        # Alive marks only what it generated: the watermark alone says "AI-generated".
        ai_generated=report.ai_generated or not report.manifest_present,
        generator=report.generator or "Alive",
        job_id=report.job_id or watermark_job,
        issues=issues,
        watermark_found=True,
        watermark_payload=payload.hex,
        watermark_job_id=watermark_job,
    )


def _context(trust_anchors_pem: bytes | None) -> c2pa.Context | None:
    if trust_anchors_pem is None:
        return None
    if b"-----BEGIN CERTIFICATE-----" not in trust_anchors_pem:
        raise ValueError("trust_anchors_pem: is not PEM certificates")
    anchors = trust_anchors_pem.decode("ascii", errors="strict")
    return c2pa.Context(settings=c2pa.Settings.from_dict({"trust": {"user_anchors": anchors}}))


def _absent() -> VerificationReport:
    return VerificationReport(
        manifest_present=False,
        signature_valid=False,
        trusted=False,
        ai_generated=False,
        validation_state=None,
        issues=[NO_PROVENANCE],
    )


def _report(store: dict[str, Any], *, anchors_configured: bool) -> VerificationReport:
    manifest = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
    state = store.get("validation_state")
    failures = store.get("validation_results", {}).get("activeManifest", {}).get("failure", [])
    issues = [_sentence(item, anchors_configured) for item in failures]
    if not manifest:
        issues.append("the manifest store has no active manifest")
    assertions = {a.get("label"): a.get("data", {}) for a in manifest.get("assertions", [])}
    job = assertions.get(JOB_ASSERTION) or {}
    return VerificationReport(
        manifest_present=True,
        signature_valid=state in ("Valid", "Trusted"),
        trusted=state == "Trusted",
        ai_generated=_declares_ai(assertions),
        validation_state=state,
        issues=list(dict.fromkeys(issues)),
        generator=_generator(manifest),
        job_id=job.get("job_id") if isinstance(job.get("job_id"), str) else None,
        signed_at=_signed_at(manifest, job),
        soft_binding_payload=_soft_binding_hex(assertions.get(SOFT_BINDING_ASSERTION)),
    )


def _soft_binding_hex(data: Any) -> str | None:
    payload = soft_binding_payload(data) if isinstance(data, dict) else None
    return payload.hex if payload is not None else None


def _sentence(failure: dict[str, Any], anchors_configured: bool) -> str:
    code = str(failure.get("code", ""))
    if code == "signingCredential.untrusted":
        if anchors_configured:
            return "signing certificate is not trusted by the configured anchors"
        return "signing certificate is not trusted: no trust anchors are configured"
    if code in _ISSUES:
        return _ISSUES[code]
    explanation = failure.get("explanation") or "validation failed"
    return f"{explanation} ({code})"


def _declares_ai(assertions: dict[str, Any]) -> bool:
    for label in ("c2pa.actions", "c2pa.actions.v2"):
        for action in (assertions.get(label) or {}).get("actions", []):
            if action.get("digitalSourceType") in AI_SOURCE_TYPES:
                return True
    return False


def _generator(manifest: dict[str, Any]) -> str | None:
    infos = manifest.get("claim_generator_info") or []
    if not infos:
        return manifest.get("claim_generator")
    first = infos[0]
    return " ".join(str(p) for p in (first.get("name"), first.get("version")) if p) or None


def _signed_at(manifest: dict[str, Any], job: dict[str, Any]) -> dt.datetime | None:
    """Prefer the timestamp authority's time; fall back to the time Alive recorded."""
    for value in ((manifest.get("signature_info") or {}).get("time"), job.get("signed_at")):
        if isinstance(value, str):
            try:
                return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
    return None
