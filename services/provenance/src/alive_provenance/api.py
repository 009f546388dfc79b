"""``ProvenanceService``: anyone can ask whether a video came from Alive."""

from __future__ import annotations

import grpc

from alive.provenance.v1 import provenance_pb2, provenance_pb2_grpc
from alive_lifecycle.errors import abort_invalid
from alive_provenance.verification import verify_video
from alive_provenance.watermark import DEFAULT_KEY, WatermarkRegistry


class ProvenanceServicer(provenance_pb2_grpc.ProvenanceServiceServicer):
    def __init__(
        self,
        trust_anchors_pem: bytes | None,
        registry: WatermarkRegistry | None = None,
        watermark_key: bytes = DEFAULT_KEY,
    ) -> None:
        self._anchors = trust_anchors_pem
        self._registry = registry
        self._watermark_key = watermark_key

    def Verify(
        self, request: provenance_pb2.VerifyRequest, context: grpc.ServicerContext
    ) -> provenance_pb2.VerifyResponse:
        if not request.video:
            abort_invalid(context, [("video", "is empty; send the bytes of an MP4 file")])
        report = verify_video(
            request.video, self._anchors, self._registry, watermark_key=self._watermark_key
        )
        return provenance_pb2.VerifyResponse(
            manifest_present=report.manifest_present,
            signature_valid=report.signature_valid,
            trusted=report.trusted,
            ai_generated=report.ai_generated,
            validation_state=report.validation_state or "",
            issues=report.issues,
            generator=report.generator or "",
            job_id=report.job_id or "",
            signed_at=report.signed_at.isoformat() if report.signed_at else "",
            watermark_found=report.watermark_found,
            watermark_payload=report.watermark_payload or "",
            watermark_job_id=report.watermark_job_id or "",
            soft_binding_payload=report.soft_binding_payload or "",
        )
