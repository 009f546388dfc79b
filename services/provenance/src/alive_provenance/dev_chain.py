"""A local development certificate chain for C2PA signing.

c2pa refuses a self-signed leaf, a leaf without an extended key usage, or one with
documentSigning alone (see ENVIRONMENT.md), so a developer needs a small CA: a P-256
root (CA:TRUE, keyCertSign) and a leaf (CA:FALSE, digitalSignature, emailProtection,
SKI/AKI). Both live 10 years because, without a timestamp authority, a manifest reads
Invalid once its leaf expires. Production uses a key and chain issued elsewhere.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEV_VALIDITY = dt.timedelta(days=3652)
KEY_FILE = "dev-signing-key.pem"
CHAIN_FILE = "dev-signing-chain.pem"
ROOT_FILE = "dev-root-ca.pem"
WATERMARK_KEY_FILE = "dev-watermark.key"


@dataclass(frozen=True)
class DevChain:
    """Where the development key, chain (leaf first) and root certificate live."""

    key_path: Path
    chain_path: Path
    root_path: Path


@dataclass(frozen=True)
class Authority:
    """A CA key and certificate that can issue signing leaves (dev chain and tests)."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def ensure_dev_chain(directory: Path) -> DevChain:
    """Return the dev chain in `directory`, creating it on the first call.

    Later calls reuse the files, so signed results stay verifiable against the same
    root. Creation holds a lock and writes each file atomically, so concurrent
    starters never see a half-written key or a key from another run's chain.
    """
    directory = Path(directory)
    chain = DevChain(
        key_path=directory / KEY_FILE,
        chain_path=directory / CHAIN_FILE,
        root_path=directory / ROOT_FILE,
    )
    if _complete(chain):
        return chain
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".dev-chain.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _complete(chain):
            return chain
        now = dt.datetime.now(dt.UTC)
        root = create_root("Alive Development Root CA", now, now + DEV_VALIDITY)
        leaf_key = ec.generate_private_key(ec.SECP256R1())
        leaf = issue_leaf(root, leaf_key, "Alive Development Signer", now, now + DEV_VALIDITY)
        _write_atomic(chain.root_path, root.certificate_pem, mode=0o644)
        _write_atomic(chain.chain_path, leaf.public_bytes(serialization.Encoding.PEM), mode=0o644)
        # The key goes last: its presence marks the set complete.
        _write_atomic(chain.key_path, private_key_pem(leaf_key), mode=0o600)
    return chain


def create_root(common_name: str, not_before: dt.datetime, not_after: dt.datetime) -> Authority:
    """Create a self-signed P-256 root CA allowed to sign certificates."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=False, cert_sign=True), critical=True)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(key=key, certificate=cert)


def issue_leaf(
    authority: Authority,
    key: ec.EllipticCurvePrivateKey,
    common_name: str,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    """Issue a C2PA signing leaf (CA:FALSE, digitalSignature, emailProtection)."""
    issuer_ski = authority.certificate.extensions.get_extension_for_class(
        x509.SubjectKeyIdentifier
    ).value
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, cert_sign=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski),
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )


def private_key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    """Serialise a key as unencrypted PKCS#8 PEM, the form c2pa accepts."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _complete(chain: DevChain) -> bool:
    return chain.key_path.is_file() and chain.chain_path.is_file() and chain.root_path.is_file()


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Alive (development)"),
        ]
    )


def _key_usage(*, digital_signature: bool, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def ensure_dev_watermark_key(directory: Path) -> Path:
    """A random watermark key in `directory`, created on the first call and kept after.

    The local stack marks with it, as production marks with its secret, so the
    public development key is never what a local video carries.
    """
    path = Path(directory) / WATERMARK_KEY_FILE
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".dev-chain.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():
            _write_atomic(path, secrets.token_hex(32).encode() + b"\n", mode=0o600)
    return path


def _write_atomic(path: Path, data: bytes, *, mode: int) -> None:
    """Write to a temp file in the same directory, then rename over the target."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
