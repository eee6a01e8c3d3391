"""Whether the range's registry record (RDAP remarks) carries the certificate that verifies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from byoip.proof.inputs import (
    ProofError,
    certificate_fingerprint,
    decode_signature,
    load_certificate,
)
from byoip.proof.verdict import _signature_check


@dataclass(frozen=True)
class RegistryCertificateCheck:
    """Whether the range's RDAP remarks carry a certificate, and whether it verifies."""

    found: int
    #: SHA-256 fingerprint of the certificate in the record that verifies the signature.
    matching_sha256: str | None
    sentence: str
    fingerprints: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.matching_sha256 is not None


def check_registry_certificates(
    certificates: Iterable[Any],
    message: str | None = None,
    signature: str | None = None,
) -> RegistryCertificateCheck:
    """Compare the certificates found in the range's RDAP remarks with the signature.

    ``certificates``: PEM texts (one line or several), or the RDAP lookup's
    certificate objects (anything with a ``.pem``), as
    ``byoip.rdap.parse.certificates_in_remarks`` returns them. Without a message
    and signature, only says whether a certificate is there.
    """
    loaded = []
    for item in certificates:
        try:
            loaded.append(load_certificate(str(getattr(item, "pem", item))))
        except ProofError:
            continue
    fingerprints = tuple(certificate_fingerprint(c) for c in loaded)
    if not loaded:
        return RegistryCertificateCheck(
            0,
            None,
            "The range's registry record carries no certificate in its remarks: add the "
            "one-line certificate (BEGIN/END included) to the record.",
        )
    if not message or not signature:
        return RegistryCertificateCheck(
            len(loaded),
            None,
            f"The registry record carries {len(loaded)} certificate(s); sign the message to "
            "check that one of them verifies it.",
            fingerprints,
        )
    try:
        raw_signature: bytes | None = decode_signature(signature)
    except ProofError:
        raw_signature = None
    if raw_signature is not None:
        for certificate, fingerprint in zip(loaded, fingerprints, strict=True):
            if _signature_check(certificate, message.strip("\r\n"), raw_signature) is None:
                return RegistryCertificateCheck(
                    len(loaded),
                    fingerprint,
                    "The registry record carries the certificate that verifies the signature "
                    f"(SHA-256 {fingerprint[:16]}…).",
                    fingerprints,
                )
    if raw_signature is None:
        return RegistryCertificateCheck(
            len(loaded),
            None,
            f"The registry record carries {len(loaded)} certificate(s); the signature can't be "
            "read, so none could be checked against it.",
            fingerprints,
        )
    return RegistryCertificateCheck(
        len(loaded),
        None,
        f"The registry record carries {len(loaded)} certificate(s), but none verifies the "
        "signature: put the certificate of the signing key in the record.",
        fingerprints,
    )


def registry_certificate_check(
    rdap: Any, message: str | None = None, signature: str | None = None
) -> RegistryCertificateCheck:
    """``check_registry_certificates`` on an RDAP response (dict) or an ``RdapResult``."""
    # Deferred: byoip.rdap loads the HTTP stack; only a registry record needs it.
    from byoip.rdap.parse import certificates_in_remarks

    return check_registry_certificates(certificates_in_remarks(rdap), message, signature)
