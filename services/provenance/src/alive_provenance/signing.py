"""C2PA signing: a manifest that says the video was made by a trained algorithm.

The manifest records what a viewer or platform needs to recognise Alive output
(`c2pa.created` with digitalSourceType trainedAlgorithmicMedia), the input photo as
an ingredient, and a `com.alive.job` assertion that links the file back to its job
for support and takedowns. A `c2pa.soft-binding` assertion names the invisible
watermark (`com.alive.watermark.v1`) and its payload, so a verifier that finds the
watermark in a stripped copy knows which manifest it belonged to. It carries no personal data: no user id, no file names,
and the prompt only when the caller opts in.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

import c2pa

from alive_provenance.credentials import SigningCredentials
from alive_provenance.watermark.payload import ALGORITHM as WATERMARK_ALGORITHM
from alive_provenance.watermark.payload import Payload

TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
JOB_ASSERTION = "com.alive.job"
SOFT_BINDING_ASSERTION = "c2pa.soft-binding"
VIDEO_MIME = "video/mp4"
PHOTO_FORMATS = {
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "image/jpeg": "image/jpeg",
    "png": "image/png",
    "image/png": "image/png",
    "webp": "image/webp",
    "image/webp": "image/webp",
}
_PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_PHOTO_MAGIC = {
    "image/jpeg": lambda b: b.startswith(b"\xff\xd8\xff"),
    "image/png": lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/webp": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP",
}
_MAX_FIELD = 200
_MAX_PROMPT = 2000
_PEM_BLOCK = re.compile(r"-----BEGIN [^-]+-----.*?-----END [^-]+-----", re.DOTALL)


class SigningError(RuntimeError):
    """Signing failed; the message is a sentence for operators and never holds key material.

    `retryable` is True only for failures that may pass on a later attempt (the
    timestamp authority); bad inputs and refused credentials fail the same way again.
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class ManifestInfo:
    """What the manifest says about a result. The prompt is included only on opt-in."""

    job_id: str
    title: str
    generator_version: str
    model_name: str
    model_version: str
    generator_name: str = "Alive"
    prompt: str | None = None
    include_prompt: bool = False
    watermark: Payload | None = None

    def __post_init__(self) -> None:
        for name in (
            "job_id",
            "title",
            "generator_name",
            "generator_version",
            "model_name",
            "model_version",
        ):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"ManifestInfo.{name}: must be a non-empty string")
            if len(value) > _MAX_FIELD or not value.isprintable():
                raise ValueError(
                    f"ManifestInfo.{name}: must be printable and at most {_MAX_FIELD} characters"
                )
        if self.include_prompt and not self.prompt:
            raise ValueError("ManifestInfo.prompt: include_prompt is set but there is no prompt")
        if self.prompt is not None and len(self.prompt) > _MAX_PROMPT:
            raise ValueError(f"ManifestInfo.prompt: longer than {_MAX_PROMPT} characters")

    def manifest(self, signed_at: dt.datetime) -> dict[str, Any]:
        """The manifest definition handed to the C2PA builder."""
        agent = {"name": self.generator_name, "version": self.generator_version}
        job: dict[str, Any] = {
            "job_id": self.job_id,
            "generator": agent,
            "model": {"name": self.model_name, "version": self.model_version},
            "signed_at": signed_at.isoformat(),
        }
        if self.include_prompt:
            job["prompt"] = self.prompt
        assertions: list[dict[str, Any]] = [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": TRAINED_ALGORITHMIC_MEDIA,
                            "softwareAgent": agent,
                        }
                    ]
                },
            },
            {"label": JOB_ASSERTION, "data": job},
        ]
        if self.watermark is not None:
            assertions.append(
                {"label": SOFT_BINDING_ASSERTION, "data": soft_binding(self.watermark)}
            )
        return {
            "claim_generator_info": [agent],
            "title": self.title,
            "format": VIDEO_MIME,
            "assertions": assertions,
        }


def soft_binding(payload: Payload) -> dict[str, Any]:
    """The soft-binding assertion: the watermark's algorithm and payload (whole frame)."""
    return {
        "alg": WATERMARK_ALGORITHM,
        "name": "Alive invisible watermark",
        "blocks": [{"scope": {}, "value": base64.b64encode(payload.bytes).decode("ascii")}],
    }


def soft_binding_payload(data: dict[str, Any]) -> Payload | None:
    """The payload a soft-binding assertion names, if it is Alive's watermark."""
    if data.get("alg") != WATERMARK_ALGORITHM:
        return None
    for block in data.get("blocks") or []:
        try:
            raw = base64.b64decode(str(block.get("value", "")), validate=True)
            return Payload(int.from_bytes(raw, "big")) if len(raw) == 6 else None
        except ValueError:
            return None
    return None


def sign_video(
    video: bytes,
    photo: bytes,
    photo_format: str,
    info: ManifestInfo,
    creds: SigningCredentials,
    tsa_url: str | None = None,
) -> bytes:
    """Return `video` (MP4) with an embedded, ES256-signed C2PA manifest.

    `photo` is the input photo (`photo_format`: jpeg, png or webp, or their MIME
    types), recorded as an `inputTo` ingredient. `tsa_url`, when given, adds a
    trusted timestamp so the manifest stays valid after the leaf expires.
    """
    if not video:
        raise SigningError("video: is empty")
    if not photo:
        raise SigningError("photo: is empty")
    mime = PHOTO_FORMATS.get(photo_format.strip().lower())
    if mime is None:
        raise SigningError(
            f"photo_format: {photo_format!r} is not supported (use jpeg, png or webp)"
        )
    if not _PHOTO_MAGIC[mime](photo):
        raise SigningError(f"photo: does not look like {mime} (wrong photo_format or corrupt data)")
    if tsa_url is not None and not re.match(r"^https?://[^\s/]+", tsa_url):
        raise SigningError(f"tsa_url: {tsa_url!r} is not an http(s) URL")

    manifest = info.manifest(dt.datetime.now(dt.UTC).replace(microsecond=0))
    settings = c2pa.Settings.from_dict({"builder": {"thumbnail": {"enabled": False}}})
    try:
        signer = c2pa.Signer.from_info(
            c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, creds.chain_pem, creds.key_pem, tsa_url)
        )
    except c2pa.C2paError:
        raise SigningError(
            f"the signing credentials ({creds.subject}) were refused by the C2PA signer"
        ) from None
    with c2pa.Context(settings=settings) as context, signer:
        builder = c2pa.Builder(manifest, context)
        ingredient = {
            "title": f"input-photo.{_PHOTO_EXTENSIONS[mime]}",
            "relationship": "inputTo",
        }
        try:
            builder.add_ingredient(ingredient, mime, io.BytesIO(photo))
        except c2pa.C2paError as exc:
            builder.close()
            raise SigningError(
                f"photo: could not be read as {mime} ({_redact(str(exc))})"
            ) from None
        output = io.BytesIO()
        try:
            builder.sign(signer, VIDEO_MIME, io.BytesIO(video), output)
        except c2pa.C2paError as exc:
            message, retryable = _explain(str(exc), tsa_url)
            raise SigningError(message, retryable=retryable) from None
    return output.getvalue()


def _explain(message: str, tsa_url: str | None) -> tuple[str, bool]:
    """Turn a native error into (sentence, retryable)."""
    lowered = message.lower()
    if tsa_url is not None and ("http" in lowered or "timestamp" in lowered or "tsa" in lowered):
        return (
            f"the timestamp authority at {tsa_url} could not be reached or refused the request "
            f"({_redact(message)})",
            True,
        )
    if "not valid at time of signing" in lowered:
        return "the signing certificate is not valid now (expired or not yet valid)", False
    if "bmff" in lowered or "could not be parsed" in lowered or "unsupported" in lowered:
        return f"video: is not an MP4 the C2PA signer can read ({_redact(message)})", False
    return f"C2PA signing failed: {_redact(message)}", False


def _redact(message: str) -> str:
    """Drop any PEM block a native error might echo back."""
    return _PEM_BLOCK.sub("<redacted>", message)
