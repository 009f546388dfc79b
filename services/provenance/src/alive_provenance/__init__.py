"""Alive provenance domain: visible label, final encode, C2PA signing and verification.

The transport layers (Kafka worker, gRPC servicer) live elsewhere and call into
`finishing`, `signing` and `verification`; nothing here talks to the network
except an optional timestamp authority during signing.
"""

__version__ = "0.1.0"
