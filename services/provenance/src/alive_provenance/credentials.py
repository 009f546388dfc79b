"""Signing credentials: loading and checking the C2PA key and certificate chain.

C2PA signing fails late and cryptically on a bad key or chain, and a manifest
signed with an expired leaf reads as Invalid forever (without a timestamp
authority). So credentials are checked once, when they are loaded, with errors
that name the file and the reason, and operators are warned 30 days ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes

from alive_provenance.dev_chain import DevChain, ensure_dev_chain

__all__ = [
    "EXPIRY_WARNING",
    "CredentialsError",
    "DevChain",
    "SigningCredentials",
    "ensure_dev_chain",
]

EXPIRY_WARNING = dt.timedelta(days=30)


class CredentialsError(ValueError):
    """The signing key or certificate chain cannot be used; the message says why."""


@dataclass(frozen=True, repr=False)
class SigningCredentials:
    """A private key and its certificate chain (leaf first), both PEM.

    Construction validates the pair, so holding an instance means it can sign.
    `repr`/`str` show the leaf subject and expiry, never the key.
    """

    key_pem: bytes = field(compare=False)
    chain_pem: bytes
    source: str = field(default="<memory>", compare=False)
    now: dt.datetime | None = field(default=None, compare=False)
    not_after: dt.datetime = field(init=False)
    subject: str = field(init=False)
    expires_soon: bool = field(init=False)

    def __post_init__(self) -> None:
        now = self.now or dt.datetime.now(dt.UTC)
        key = _load_key(self.key_pem, self.source)
        chain = _load_chain(self.chain_pem, self.source)
        leaf = chain[0]
        if _public_bytes(leaf.public_key()) != _public_bytes(key.public_key()):
            raise CredentialsError(
                f"{self.source}: the private key does not match the leaf certificate "
                f"({leaf.subject.rfc4514_string()})"
            )
        not_after = leaf.not_valid_after_utc
        if not_after <= now:
            raise CredentialsError(
                f"{self.source}: the leaf certificate ({leaf.subject.rfc4514_string()}) "
                f"expired on {not_after.isoformat()}"
            )
        if leaf.not_valid_before_utc > now:
            raise CredentialsError(
                f"{self.source}: the leaf certificate ({leaf.subject.rfc4514_string()}) "
                f"is not valid before {leaf.not_valid_before_utc.isoformat()}"
            )
        object.__setattr__(self, "not_after", not_after)
        object.__setattr__(self, "subject", leaf.subject.rfc4514_string())
        object.__setattr__(self, "expires_soon", not_after - now <= EXPIRY_WARNING)

    @classmethod
    def from_files(
        cls, key_path: Path | str, chain_path: Path | str, *, now: dt.datetime | None = None
    ) -> SigningCredentials:
        """Load and check a PEM key file and a PEM chain file (leaf first)."""
        key_pem = _read(Path(key_path), "private key")
        chain_pem = _read(Path(chain_path), "certificate chain")
        return cls(
            key_pem=key_pem,
            chain_pem=chain_pem,
            source=f"{key_path} + {chain_path}",
            now=now,
        )

    def __repr__(self) -> str:
        return (
            f"SigningCredentials(subject={self.subject!r}, "
            f"not_after={self.not_after.isoformat()!r}, expires_soon={self.expires_soon}, "
            f"key=<redacted>)"
        )

    __str__ = __repr__


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CredentialsError(f"{path}: {what} file does not exist") from None
    except IsADirectoryError:
        raise CredentialsError(f"{path}: {what} path is a directory, not a file") from None
    except OSError as exc:
        raise CredentialsError(f"{path}: {what} file is unreadable ({exc.strerror})") from None


def _load_key(pem: bytes, source: str) -> ec.EllipticCurvePrivateKey:
    if b"-----BEGIN" not in pem or b"PRIVATE KEY-----" not in pem:
        raise CredentialsError(f"{source}: the private key is not a PEM private key")
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except TypeError:
        raise CredentialsError(
            f"{source}: the private key is encrypted; provide an unencrypted key"
        ) from None
    except ValueError:
        # The library's message may quote key bytes; keep our own sentence.
        raise CredentialsError(f"{source}: the private key PEM cannot be parsed") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise CredentialsError(f"{source}: the private key must be an EC P-256 key (for ES256)")
    return key


def _load_chain(pem: bytes, source: str) -> list[x509.Certificate]:
    if b"-----BEGIN CERTIFICATE-----" not in pem:
        raise CredentialsError(f"{source}: the certificate chain is not PEM certificates")
    try:
        chain = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise CredentialsError(f"{source}: the certificate chain PEM cannot be parsed") from None
    return chain


def _public_bytes(key: CertificatePublicKeyTypes | ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
