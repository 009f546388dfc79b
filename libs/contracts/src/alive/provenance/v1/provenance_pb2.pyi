from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class VerifyRequest(_message.Message):
    __slots__ = ("video",)
    VIDEO_FIELD_NUMBER: _ClassVar[int]
    video: bytes
    def __init__(self, video: _Optional[bytes] = ...) -> None: ...

class VerifyResponse(_message.Message):
    __slots__ = ("manifest_present", "signature_valid", "trusted", "ai_generated", "validation_state", "issues", "generator", "job_id", "signed_at", "watermark_found", "watermark_payload", "watermark_job_id", "soft_binding_payload")
    MANIFEST_PRESENT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_VALID_FIELD_NUMBER: _ClassVar[int]
    TRUSTED_FIELD_NUMBER: _ClassVar[int]
    AI_GENERATED_FIELD_NUMBER: _ClassVar[int]
    VALIDATION_STATE_FIELD_NUMBER: _ClassVar[int]
    ISSUES_FIELD_NUMBER: _ClassVar[int]
    GENERATOR_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    WATERMARK_FOUND_FIELD_NUMBER: _ClassVar[int]
    WATERMARK_PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    WATERMARK_JOB_ID_FIELD_NUMBER: _ClassVar[int]
    SOFT_BINDING_PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    manifest_present: bool
    signature_valid: bool
    trusted: bool
    ai_generated: bool
    validation_state: str
    issues: _containers.RepeatedScalarFieldContainer[str]
    generator: str
    job_id: str
    signed_at: str
    watermark_found: bool
    watermark_payload: str
    watermark_job_id: str
    soft_binding_payload: str
    def __init__(self, manifest_present: _Optional[bool] = ..., signature_valid: _Optional[bool] = ..., trusted: _Optional[bool] = ..., ai_generated: _Optional[bool] = ..., validation_state: _Optional[str] = ..., issues: _Optional[_Iterable[str]] = ..., generator: _Optional[str] = ..., job_id: _Optional[str] = ..., signed_at: _Optional[str] = ..., watermark_found: _Optional[bool] = ..., watermark_payload: _Optional[str] = ..., watermark_job_id: _Optional[str] = ..., soft_binding_payload: _Optional[str] = ...) -> None: ...
