"""Sign with C2PA, then verify as a stranger and as someone who trusts Alive's root."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from alive_provenance.credentials import DevChain, SigningCredentials
from alive_provenance.dev_chain import create_root, issue_leaf, private_key_pem
from alive_provenance.finishing import finish_video
from alive_provenance.label import LabelStyle
from alive_provenance.signing import ManifestInfo, SigningError, sign_video
from alive_provenance.verification import verify_video
from alive_provenance.watermark import ALGORITHM as WATERMARK_ALGORITHM
from alive_provenance.watermark import Payload


def _info(job_id: str = "job-7f3a", **overrides: object) -> ManifestInfo:
    fields: dict[str, object] = {
        "job_id": job_id,
        "title": "Windy day story",
        "generator_version": "0.1.0",
        "model_name": "animate",
        "model_version": "3",
    }
    return ManifestInfo(**(fields | overrides))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def finished(raw_video: bytes) -> bytes:
    return finish_video(raw_video, LabelStyle())


@pytest.fixture(scope="module")
def signed(finished: bytes, photo_jpeg: bytes, dev_credentials: SigningCredentials) -> bytes:
    return sign_video(finished, photo_jpeg, "jpeg", _info(), dev_credentials)


def test_trusted_with_the_dev_root_as_anchor(signed: bytes, dev_chain: DevChain) -> None:
    report = verify_video(signed, dev_chain.root_path.read_bytes())
    assert report.validation_state == "Trusted"
    assert report.manifest_present and report.signature_valid and report.trusted
    assert report.ai_generated
    assert report.job_id == "job-7f3a"
    assert report.generator == "Alive 0.1.0"
    assert report.issues == []
    assert report.signed_at is not None
    assert abs(report.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert json.loads(json.dumps(report.to_dict()))["job_id"] == "job-7f3a"


def test_valid_but_untrusted_without_anchors(signed: bytes) -> None:
    report = verify_video(signed, None)
    assert report.validation_state == "Valid"
    assert report.signature_valid and not report.trusted
    assert report.ai_generated
    assert any("not trusted" in issue for issue in report.issues)


def test_untrusted_under_another_root(signed: bytes) -> None:
    now = dt.datetime.now(dt.UTC)
    stranger = create_root("Someone Else", now, now + dt.timedelta(days=30))
    report = verify_video(signed, stranger.certificate_pem)
    assert not report.trusted
    assert "signing certificate is not trusted by the configured anchors" in report.issues


def test_one_flipped_byte_in_the_video_data_is_invalid(signed: bytes, dev_chain: DevChain) -> None:
    tampered = bytearray(signed)
    mdat = signed.find(b"mdat")
    tampered[mdat + 10_000] ^= 0x01
    report = verify_video(bytes(tampered), dev_chain.root_path.read_bytes())
    assert report.manifest_present
    assert report.validation_state == "Invalid"
    assert not report.signature_valid and not report.trusted
    assert "video data does not match the signed hash" in report.issues


def test_re_encoding_strips_the_manifest(signed: bytes, dev_chain: DevChain) -> None:
    report = verify_video(finish_video(signed, LabelStyle()), dev_chain.root_path.read_bytes())
    assert not report.manifest_present


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00" * 64, b"definitely not a video" * 100, b"\xff\xd8\xff\xe0" + b"\x00" * 300],
)
def test_garbage_reports_no_provenance(data: bytes) -> None:
    report = verify_video(data, None)
    assert not report.manifest_present
    assert report.issues == ["no provenance found"]
    assert report.validation_state is None


def test_foreign_unsigned_video_has_no_provenance(raw_video: bytes, dev_chain: DevChain) -> None:
    report = verify_video(raw_video, dev_chain.root_path.read_bytes())
    assert not (report.manifest_present or report.signature_valid or report.trusted)
    assert not report.ai_generated
    assert report.job_id is None and report.generator is None and report.signed_at is None
    assert report.to_dict()["issues"] == ["no provenance found"]


def test_prompt_is_left_out_unless_opted_in(
    finished: bytes, photo_jpeg: bytes, dev_credentials: SigningCredentials
) -> None:
    prompt = "Sonnenuntergang, Wolken ziehen, Meeresrauschen"
    hidden = sign_video(finished, photo_jpeg, "image/jpeg", _info(prompt=prompt), dev_credentials)
    shown = sign_video(
        finished,
        photo_jpeg,
        "image/jpeg",
        _info(prompt=prompt, include_prompt=True),
        dev_credentials,
    )
    assert prompt.encode() not in hidden
    assert prompt.encode() in shown


def test_expired_leaf_is_reported(tmp_path: Path, finished: bytes, photo_jpeg: bytes) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    root = create_root("Short Root", now - dt.timedelta(days=1), now + dt.timedelta(days=1))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = issue_leaf(
        root, key, "Short-lived Signer", now - dt.timedelta(days=1), now + dt.timedelta(seconds=2)
    )
    creds = SigningCredentials(
        key_pem=private_key_pem(key), chain_pem=leaf.public_bytes(serialization.Encoding.PEM)
    )
    assert creds.expires_soon
    signed = sign_video(finished, photo_jpeg, "jpeg", _info(), creds)
    time.sleep(max(0.0, (leaf.not_valid_after_utc - dt.datetime.now(dt.UTC)).total_seconds()) + 1.1)

    report = verify_video(signed, root.certificate_pem)
    assert not report.trusted and not report.signature_valid
    assert any("expired" in issue for issue in report.issues), report.issues


def test_unreachable_timestamp_authority_is_a_clear_error(
    finished: bytes, photo_jpeg: bytes, dev_credentials: SigningCredentials
) -> None:
    with pytest.raises(
        SigningError, match=r"timestamp authority at http://127\.0\.0\.1:9/tsa"
    ) as info:
        sign_video(
            finished, photo_jpeg, "jpeg", _info(), dev_credentials, tsa_url="http://127.0.0.1:9/tsa"
        )
    assert info.value.retryable, "a TSA outage may pass: the worker should retry"
    assert "PRIVATE KEY" not in str(info.value)
    assert dev_credentials.key_pem.decode().splitlines()[1][:20] not in str(info.value)


@pytest.mark.parametrize(
    ("video", "photo", "photo_format", "message"),
    [
        (b"", b"x", "jpeg", "video: is empty"),
        (None, b"", "jpeg", "photo: is empty"),
        (None, None, "gif", "photo_format: 'gif' is not supported"),
        (None, b"not a jpeg", "jpeg", "photo: does not look like image/jpeg"),
        (b"garbage" * 100, None, "jpeg", "video: is not an MP4"),
    ],
)
def test_bad_inputs_name_what_is_wrong(
    video: bytes | None,
    photo: bytes | None,
    photo_format: str,
    message: str,
    finished: bytes,
    photo_jpeg: bytes,
    dev_credentials: SigningCredentials,
) -> None:
    with pytest.raises(SigningError, match=message) as info:
        sign_video(
            finished if video is None else video,
            photo_jpeg if photo is None else photo,
            photo_format,
            _info(),
            dev_credentials,
        )
    assert not info.value.retryable


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"job_id": ""}, "job_id"),
        ({"title": "a\x00b"}, "title"),
        ({"include_prompt": True}, "prompt"),
    ],
)
def test_manifest_info_validates_fields(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=f"ManifestInfo.{field}"):
        _info(**overrides)


def test_soft_binding_names_the_watermark_and_its_payload(
    finished: bytes, photo_jpeg: bytes, dev_credentials: SigningCredentials, dev_chain: DevChain
) -> None:
    payload = Payload.for_job("job-7f3a")
    signed = sign_video(finished, photo_jpeg, "jpeg", _info(watermark=payload), dev_credentials)
    report = verify_video(signed, dev_chain.root_path.read_bytes(), read_watermark=False)
    assert report.trusted and report.issues == []
    assert report.soft_binding_payload == payload.hex
    assert WATERMARK_ALGORITHM.encode() in signed
