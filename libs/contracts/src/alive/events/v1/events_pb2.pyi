import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from alive.jobs.v1 import jobs_pb2 as _jobs_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class JobSpec(_message.Message):
    __slots__ = ("job_id", "tenant", "prompt", "options", "photo_uri", "photo_content_type")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    PROMPT_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    PHOTO_URI_FIELD_NUMBER: _ClassVar[int]
    PHOTO_CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    tenant: str
    prompt: str
    options: _jobs_pb2.JobOptions
    photo_uri: str
    photo_content_type: str
    def __init__(self, job_id: _Optional[str] = ..., tenant: _Optional[str] = ..., prompt: _Optional[str] = ..., options: _Optional[_Union[_jobs_pb2.JobOptions, _Mapping]] = ..., photo_uri: _Optional[str] = ..., photo_content_type: _Optional[str] = ...) -> None: ...

class JobSubmitted(_message.Message):
    __slots__ = ("spec", "occurred_at")
    SPEC_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    spec: JobSpec
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, spec: _Optional[_Union[JobSpec, _Mapping]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InputApproved(_message.Message):
    __slots__ = ("spec", "checks", "occurred_at")
    SPEC_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    spec: JobSpec
    checks: _containers.RepeatedCompositeFieldContainer[_jobs_pb2.ModerationResult]
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, spec: _Optional[_Union[JobSpec, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[_jobs_pb2.ModerationResult, _Mapping]]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class JobRejected(_message.Message):
    __slots__ = ("spec", "checks", "reason", "occurred_at")
    SPEC_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    spec: JobSpec
    checks: _containers.RepeatedCompositeFieldContainer[_jobs_pb2.ModerationResult]
    reason: str
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, spec: _Optional[_Union[JobSpec, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[_jobs_pb2.ModerationResult, _Mapping]]] = ..., reason: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GenerationStarted(_message.Message):
    __slots__ = ("spec", "occurred_at")
    SPEC_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    spec: JobSpec
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, spec: _Optional[_Union[JobSpec, _Mapping]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GeneratedVideo(_message.Message):
    __slots__ = ("raw_video_uri", "plan_json", "model_name", "model_version")
    RAW_VIDEO_URI_FIELD_NUMBER: _ClassVar[int]
    PLAN_JSON_FIELD_NUMBER: _ClassVar[int]
    MODEL_NAME_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    raw_video_uri: str
    plan_json: str
    model_name: str
    model_version: str
    def __init__(self, raw_video_uri: _Optional[str] = ..., plan_json: _Optional[str] = ..., model_name: _Optional[str] = ..., model_version: _Optional[str] = ...) -> None: ...

class JobGenerated(_message.Message):
    __slots__ = ("spec", "result", "input_checks", "occurred_at")
    SPEC_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    INPUT_CHECKS_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    spec: JobSpec
    result: GeneratedVideo
    input_checks: _containers.RepeatedCompositeFieldContainer[_jobs_pb2.ModerationResult]
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, spec: _Optional[_Union[JobSpec, _Mapping]] = ..., result: _Optional[_Union[GeneratedVideo, _Mapping]] = ..., input_checks: _Optional[_Iterable[_Union[_jobs_pb2.ModerationResult, _Mapping]]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OutputCleared(_message.Message):
    __slots__ = ("spec", "result", "checks", "occurred_at", "input_checks")
    SPEC_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    INPUT_CHECKS_FIELD_NUMBER: _ClassVar[int]
    spec: JobSpec
    result: GeneratedVideo
    checks: _containers.RepeatedCompositeFieldContainer[_jobs_pb2.ModerationResult]
    occurred_at: _timestamp_pb2.Timestamp
    input_checks: _containers.RepeatedCompositeFieldContainer[_jobs_pb2.ModerationResult]
    def __init__(self, spec: _Optional[_Union[JobSpec, _Mapping]] = ..., result: _Optional[_Union[GeneratedVideo, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[_jobs_pb2.ModerationResult, _Mapping]]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., input_checks: _Optional[_Iterable[_Union[_jobs_pb2.ModerationResult, _Mapping]]] = ...) -> None: ...

class JobPublished(_message.Message):
    __slots__ = ("spec", "video_uri", "video_bytes", "manifest_label", "occurred_at", "result", "output_checks", "input_checks")
    SPEC_FIELD_NUMBER: _ClassVar[int]
    VIDEO_URI_FIELD_NUMBER: _ClassVar[int]
    VIDEO_BYTES_FIELD_NUMBER: _ClassVar[int]
    MANIFEST_LABEL_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_CHECKS_FIELD_NUMBER: _ClassVar[int]
    INPUT_CHECKS_FIELD_NUMBER: _ClassVar[int]
    spec: JobSpec
    video_uri: str
    video_bytes: int
    manifest_label: str
    occurred_at: _timestamp_pb2.Timestamp
    result: GeneratedVideo
    output_checks: _containers.RepeatedCompositeFieldContainer[_jobs_pb2.ModerationResult]
    input_checks: _containers.RepeatedCompositeFieldContainer[_jobs_pb2.ModerationResult]
    def __init__(self, spec: _Optional[_Union[JobSpec, _Mapping]] = ..., video_uri: _Optional[str] = ..., video_bytes: _Optional[int] = ..., manifest_label: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., result: _Optional[_Union[GeneratedVideo, _Mapping]] = ..., output_checks: _Optional[_Iterable[_Union[_jobs_pb2.ModerationResult, _Mapping]]] = ..., input_checks: _Optional[_Iterable[_Union[_jobs_pb2.ModerationResult, _Mapping]]] = ...) -> None: ...

class JobFailed(_message.Message):
    __slots__ = ("job_id", "stage", "reason", "occurred_at")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    stage: str
    reason: str
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, job_id: _Optional[str] = ..., stage: _Optional[str] = ..., reason: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ModerationDecision(_message.Message):
    __slots__ = ("job_id", "tenant", "result", "occurred_at")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    tenant: str
    result: _jobs_pb2.ModerationResult
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, job_id: _Optional[str] = ..., tenant: _Optional[str] = ..., result: _Optional[_Union[_jobs_pb2.ModerationResult, _Mapping]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DeadLetter(_message.Message):
    __slots__ = ("source_topic", "partition", "offset", "key", "payload", "stage", "error", "attempts", "occurred_at")
    SOURCE_TOPIC_FIELD_NUMBER: _ClassVar[int]
    PARTITION_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    source_topic: str
    partition: int
    offset: int
    key: bytes
    payload: bytes
    stage: str
    error: str
    attempts: int
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, source_topic: _Optional[str] = ..., partition: _Optional[int] = ..., offset: _Optional[int] = ..., key: _Optional[bytes] = ..., payload: _Optional[bytes] = ..., stage: _Optional[str] = ..., error: _Optional[str] = ..., attempts: _Optional[int] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
