"""Verification: does this video carry an intact Alive manifest, and who vouches for it?

The report speaks to people (a support agent, a partner platform): each problem is a
sentence, not a C2PA status code. Trust is decided by the anchors the caller
configures, so the same file reads "Valid" (signed, signer unknown) to a stranger
and "Trusted" to a verifier that holds Alive's root.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

import c2pa

from alive_provenance.signing import JOB_ASSERTION, TRAINED_ALGORITHMIC_MEDIA, VIDEO_MIME

NO_PROVENANCE = "no provenance found"
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

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (timestamps as ISO 8601)."""
        data = asdict(self)
        data["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        return data


def verify_video(data: bytes, trust_anchors_pem: bytes | None) -> VerificationReport:
    """Read and validate the C2PA manifest in `data` (an MP4).

    `trust_anchors_pem`: root certificates (PEM) whose signers count as trusted;
    None trusts nobody, so an intact manifest reads Valid but not Trusted.
    Anything that is not a signed MP4, garbage included, reports "no provenance found".
    """
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
    )


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
