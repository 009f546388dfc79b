import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class JobState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_STATE_UNSPECIFIED: _ClassVar[JobState]
    JOB_STATE_SUBMITTED: _ClassVar[JobState]
    JOB_STATE_INPUT_APPROVED: _ClassVar[JobState]
    JOB_STATE_GENERATING: _ClassVar[JobState]
    JOB_STATE_GENERATED: _ClassVar[JobState]
    JOB_STATE_OUTPUT_APPROVED: _ClassVar[JobState]
    JOB_STATE_PUBLISHED: _ClassVar[JobState]
    JOB_STATE_REJECTED: _ClassVar[JobState]
    JOB_STATE_FAILED: _ClassVar[JobState]
    JOB_STATE_CANCELLED: _ClassVar[JobState]

class Aspect(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASPECT_UNSPECIFIED: _ClassVar[Aspect]
    ASPECT_9_16: _ClassVar[Aspect]
    ASPECT_1_1: _ClassVar[Aspect]
    ASPECT_16_9: _ClassVar[Aspect]
JOB_STATE_UNSPECIFIED: JobState
JOB_STATE_SUBMITTED: JobState
JOB_STATE_INPUT_APPROVED: JobState
JOB_STATE_GENERATING: JobState
JOB_STATE_GENERATED: JobState
JOB_STATE_OUTPUT_APPROVED: JobState
JOB_STATE_PUBLISHED: JobState
JOB_STATE_REJECTED: JobState
JOB_STATE_FAILED: JobState
JOB_STATE_CANCELLED: JobState
ASPECT_UNSPECIFIED: Aspect
ASPECT_9_16: Aspect
ASPECT_1_1: Aspect
ASPECT_16_9: Aspect

class JobOptions(_message.Message):
    __slots__ = ("duration_s", "aspect", "fps", "seed", "sound")
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    ASPECT_FIELD_NUMBER: _ClassVar[int]
    FPS_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    SOUND_FIELD_NUMBER: _ClassVar[int]
    duration_s: float
    aspect: Aspect
    fps: int
    seed: int
    sound: bool
    def __init__(self, duration_s: _Optional[float] = ..., aspect: _Optional[_Union[Aspect, str]] = ..., fps: _Optional[int] = ..., seed: _Optional[int] = ..., sound: _Optional[bool] = ...) -> None: ...

class CategoryScore(_message.Message):
    __slots__ = ("category", "score")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    category: str
    score: float
    def __init__(self, category: _Optional[str] = ..., score: _Optional[float] = ...) -> None: ...

class ModerationResult(_message.Message):
    __slots__ = ("checkpoint", "allowed", "categories", "flagged", "reasons", "policy_version")
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    FLAGGED_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    checkpoint: str
    allowed: bool
    categories: _containers.RepeatedCompositeFieldContainer[CategoryScore]
    flagged: _containers.RepeatedScalarFieldContainer[str]
    reasons: _containers.RepeatedScalarFieldContainer[str]
    policy_version: str
    def __init__(self, checkpoint: _Optional[str] = ..., allowed: _Optional[bool] = ..., categories: _Optional[_Iterable[_Union[CategoryScore, _Mapping]]] = ..., flagged: _Optional[_Iterable[str]] = ..., reasons: _Optional[_Iterable[str]] = ..., policy_version: _Optional[str] = ...) -> None: ...

class StateChange(_message.Message):
    __slots__ = ("state", "at", "reason")
    STATE_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    state: JobState
    at: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, state: _Optional[_Union[JobState, str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class Job(_message.Message):
    __slots__ = ("job_id", "tenant", "state", "prompt", "options", "reason", "created_at", "updated_at", "history", "moderation", "plan_json", "video_bytes", "idempotency_key")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PROMPT_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    MODERATION_FIELD_NUMBER: _ClassVar[int]
    PLAN_JSON_FIELD_NUMBER: _ClassVar[int]
    VIDEO_BYTES_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    tenant: str
    state: JobState
    prompt: str
    options: JobOptions
    reason: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    history: _containers.RepeatedCompositeFieldContainer[StateChange]
    moderation: _containers.RepeatedCompositeFieldContainer[ModerationResult]
    plan_json: str
    video_bytes: int
    idempotency_key: str
    def __init__(self, job_id: _Optional[str] = ..., tenant: _Optional[str] = ..., state: _Optional[_Union[JobState, str]] = ..., prompt: _Optional[str] = ..., options: _Optional[_Union[JobOptions, _Mapping]] = ..., reason: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., history: _Optional[_Iterable[_Union[StateChange, _Mapping]]] = ..., moderation: _Optional[_Iterable[_Union[ModerationResult, _Mapping]]] = ..., plan_json: _Optional[str] = ..., video_bytes: _Optional[int] = ..., idempotency_key: _Optional[str] = ...) -> None: ...
