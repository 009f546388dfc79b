"""Signing credentials and the development chain."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from alive_provenance.credentials import (
    CredentialsError,
    DevChain,
    SigningCredentials,
    ensure_dev_chain,
)
from alive_provenance.dev_chain import (
    create_root,
    ensure_dev_watermark_key,
    issue_leaf,
    private_key_pem,
)
from alive_provenance.watermark import DEFAULT_KEY, load_key

NOW = dt.datetime.now(dt.UTC)


def _leaf_files(
    tmp_path: Path, not_before: dt.datetime, not_after: dt.datetime
) -> tuple[Path, Path]:
    root = create_root("Test Root", NOW - dt.timedelta(days=400), NOW + dt.timedelta(days=400))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = issue_leaf(root, key, "Test Signer", not_before, not_after)
    key_path, chain_path = tmp_path / "key.pem", tmp_path / "chain.pem"
    key_path.write_bytes(private_key_pem(key))
    chain_path.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    return key_path, chain_path


def test_dev_chain_is_created_once_and_reused(tmp_path: Path) -> None:
    first = ensure_dev_chain(tmp_path / "certs")
    contents = [p.read_bytes() for p in (first.key_path, first.chain_path, first.root_path)]
    second = ensure_dev_chain(tmp_path / "certs")
    assert second == first
    assert [p.read_bytes() for p in (second.key_path, second.chain_path, second.root_path)] == (
        contents
    )
    assert stat.S_IMODE(first.key_path.stat().st_mode) == 0o600
    assert not [
        p
        for p in (tmp_path / "certs").iterdir()
        if p.name.startswith(".dev-") and p.suffix != ".lock"
    ], "no temp files left behind"


def test_dev_watermark_key_is_random_private_and_kept(tmp_path: Path) -> None:
    path = ensure_dev_watermark_key(tmp_path)
    first = path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_key(path) != DEFAULT_KEY and len(load_key(path)) >= 16
    assert ensure_dev_watermark_key(tmp_path).read_bytes() == first  # kept
    other = ensure_dev_watermark_key(tmp_path / "elsewhere").read_bytes()
    assert other != first


def test_dev_chain_has_the_extensions_c2pa_requires(dev_chain: DevChain) -> None:
    root = x509.load_pem_x509_certificate(dev_chain.root_path.read_bytes())
    leaf = x509.load_pem_x509_certificates(dev_chain.chain_path.read_bytes())[0]
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert root.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in eku
    aki = leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest
    assert leaf.not_valid_after_utc - NOW > dt.timedelta(days=3600)
    assert leaf.issuer == root.subject


def test_dev_credentials_load(dev_credentials: SigningCredentials) -> None:
    assert not dev_credentials.expires_soon
    assert dev_credentials.not_after > NOW + dt.timedelta(days=3600)


def test_key_never_appears_in_repr_or_str(dev_credentials: SigningCredentials) -> None:
    key_text = dev_credentials.key_pem.decode()
    key_body = "".join(key_text.strip().splitlines()[1:-1])
    for shown in (repr(dev_credentials), str(dev_credentials), f"{dev_credentials}"):
        assert "PRIVATE KEY" not in shown
        assert key_body[:24] not in shown
        assert "redacted" in shown


def test_leaf_expiring_within_30_days_is_flagged(tmp_path: Path) -> None:
    key_path, chain_path = _leaf_files(
        tmp_path, NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=10)
    )
    creds = SigningCredentials.from_files(key_path, chain_path)
    assert creds.expires_soon
    assert abs(creds.not_after - (NOW + dt.timedelta(days=10))) < dt.timedelta(seconds=2)


def test_expired_leaf_is_refused(tmp_path: Path) -> None:
    key_path, chain_path = _leaf_files(
        tmp_path, NOW - dt.timedelta(days=30), NOW - dt.timedelta(days=1)
    )
    with pytest.raises(CredentialsError, match="expired"):
        SigningCredentials.from_files(key_path, chain_path)


def test_missing_file_names_the_path(tmp_path: Path, dev_chain: DevChain) -> None:
    with pytest.raises(CredentialsError, match=r"nope\.pem: private key file does not exist"):
        SigningCredentials.from_files(tmp_path / "nope.pem", dev_chain.chain_path)


def test_unreadable_file_is_explained(tmp_path: Path, dev_chain: DevChain) -> None:
    with pytest.raises(CredentialsError, match="is a directory"):
        SigningCredentials.from_files(dev_chain.key_path, tmp_path)


def test_non_pem_is_refused(tmp_path: Path, dev_chain: DevChain) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_bytes(b"hello")
    with pytest.raises(CredentialsError, match="not a PEM private key"):
        SigningCredentials.from_files(junk, dev_chain.chain_path)
    with pytest.raises(CredentialsError, match="not PEM certificates"):
        SigningCredentials.from_files(dev_chain.key_path, junk)


def test_key_and_certificate_mismatch_is_refused(tmp_path: Path, dev_chain: DevChain) -> None:
    other = tmp_path / "other-key.pem"
    other.write_bytes(private_key_pem(ec.generate_private_key(ec.SECP256R1())))
    with pytest.raises(CredentialsError, match="does not match the leaf certificate") as info:
        SigningCredentials.from_files(other, dev_chain.chain_path)
    assert "PRIVATE KEY" not in str(info.value)
