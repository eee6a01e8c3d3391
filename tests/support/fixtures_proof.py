"""Keys, self-signed certificates and signatures for the proof-of-ownership tests.

Everything is made here with ``cryptography`` (nothing is committed): RSA keys
are made once per test session because making one takes a noticeable moment.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

ACCOUNT = "123456789012"
#: A public range (the samples' made-up ARIN allocation), not special-purpose.
CIDR = "199.188.0.0/24"


@dataclass(frozen=True)
class Identity:
    key: Any
    certificate: x509.Certificate

    @property
    def cert_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()

    @property
    def cert_one_line(self) -> str:
        return self.cert_pem.replace("\n", "")

    @property
    def cert_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def write(self, folder: Path) -> tuple[Path, Path]:
        key_path, cert_path = folder / "private-key.pem", folder / "certificate.pem"
        key_path.write_bytes(self.key_pem())
        cert_path.write_text(self.cert_pem)
        return key_path, cert_path


def self_signed(
    key: Any,
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> x509.Certificate:
    now = datetime.now(UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "BYOIP proof of ownership")])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )


def sign(
    key: Any,
    message: str | bytes,
    *,
    salt_length: Any = padding.PSS.DIGEST_LENGTH,
    alphabet: str = "aws",
) -> str:
    """Sign like AWS's openssl pipeline (salt = digest length, AWS's base64 alphabet)."""
    data = message.encode() if isinstance(message, str) else message
    raw = key.sign(
        data,
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=salt_length),
        hashes.SHA256(),
    )
    text = base64.b64encode(raw).decode()
    return text.translate(str.maketrans("+=/", "-_~")) if alphabet == "aws" else text


def future_message(days: int = 60, account: str = ACCOUNT, cidr: str = CIDR) -> str:
    expires = datetime.now(UTC).date() + timedelta(days=days)
    return f"1|aws|{account}|{cidr}|{expires:%Y%m%d}|SHA256|RSAPSS"


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def other_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def identity(rsa_key: rsa.RSAPrivateKey) -> Identity:
    return Identity(rsa_key, self_signed(rsa_key))


@pytest.fixture(scope="session")
def other_identity(other_rsa_key: rsa.RSAPrivateKey) -> Identity:
    return Identity(other_rsa_key, self_signed(other_rsa_key))


@pytest.fixture(scope="session")
def ec_identity() -> Identity:
    key = ec.generate_private_key(ec.SECP256R1())
    return Identity(key, self_signed(key))
