"""Proof of ownership: the signed authorization message, prepared and checked.

AWS's BYOIP scheme (EC2 BYOIP documentation, the one SES uses too): the owner
makes an RSA 2048 key and a self-signed X.509 certificate, puts the certificate
(one line, BEGIN/END included) in the range's registry record, where it shows
up in the RDAP ``remarks``, and signs ``1|aws|<account>|<cidr>|<YYYYMMDD>|SHA256|RSAPSS``
with RSA-PSS/SHA-256. The signature travels in base64 with AWS's own alphabet
(``+=/`` written as ``-_~``).

This module prepares the message and the openssl commands, and checks what the
person brings back. It never asks for, reads or stores a private key: the
signature is made on the person's own machine.

``cryptography`` is imported inside the functions that need it, so that
importing this module (the wizard does, at start-up) stays cheap.

Modules: ``message`` (the message and the openssl commands), ``inputs`` (reading
signatures, certificates and files), ``verdict`` (does it verify), ``record`` (the
draft's ``[proof]`` table), ``registry`` (the certificate in the RDAP remarks),
``roa`` (the ROA to create) and ``email`` (the email's lines).  This front
re-exports their public names (``__all__``).
"""

from __future__ import annotations

from byoip.proof.email import proof_email_lines
from byoip.proof.inputs import (
    BAD_SIGNATURE,
    CERTIFICATE_NOT_YET_VALID,
    EXPIRED_CERTIFICATE,
    EXPIRED_MESSAGE,
    INVALID_ACCOUNT,
    INVALID_EXPIRY,
    INVALID_RANGE,
    MALFORMED_CERTIFICATE,
    MALFORMED_MESSAGE,
    MALFORMED_SIGNATURE,
    MESSAGE_NEWLINE,
    MISSING_FILE,
    SALT_LENGTH,
    UNREADABLE,
    WRONG_ACCOUNT,
    WRONG_ALPHABET,
    WRONG_RANGE,
    ProofError,
    certificate_fingerprint,
    certificate_one_line,
    certificates_in_text,
    decode_signature,
    load_certificate,
    read_input_file,
    same_fingerprint,
    signature_to_aws,
)
from byoip.proof.message import (
    CERTIFICATE_DAYS,
    DEFAULT_EXPIRY_DAYS,
    MESSAGE_PREFIX,
    MESSAGE_SUFFIX,
    AuthorizationMessage,
    OpensslStep,
    authorization_message,
    build_message,
    commands_for,
    commands_script,
    default_expiry,
    names_request,
    openssl_commands,
    parse_authorization_message,
    parse_expiry,
    utc_today,
)
from byoip.proof.record import (
    PROOF_KEYS,
    assess_inputs,
    assess_proof,
    proof_record,
    verdict_findings,
)
from byoip.proof.registry import (
    RegistryCertificateCheck,
    check_registry_certificates,
    registry_certificate_check,
)
from byoip.proof.roa import GOVCLOUD_ROA_ASNS, ROA_ASNS, RoaGuidance, roa_guidance
from byoip.proof.verdict import (
    EXPECTED_KEY_BITS,
    EXPIRY_WARNING_DAYS,
    INCOMPLETE,
    VALID,
    ProofProblem,
    ProofVerdict,
    incomplete_verdict,
    verify_authorization,
)

__all__ = [
    "BAD_SIGNATURE",
    "CERTIFICATE_DAYS",
    "CERTIFICATE_NOT_YET_VALID",
    "DEFAULT_EXPIRY_DAYS",
    "EXPECTED_KEY_BITS",
    "EXPIRED_CERTIFICATE",
    "EXPIRED_MESSAGE",
    "EXPIRY_WARNING_DAYS",
    "GOVCLOUD_ROA_ASNS",
    "INCOMPLETE",
    "INVALID_ACCOUNT",
    "INVALID_EXPIRY",
    "INVALID_RANGE",
    "MALFORMED_CERTIFICATE",
    "MALFORMED_MESSAGE",
    "MALFORMED_SIGNATURE",
    "MESSAGE_NEWLINE",
    "MESSAGE_PREFIX",
    "MESSAGE_SUFFIX",
    "MISSING_FILE",
    "PROOF_KEYS",
    "ROA_ASNS",
    "SALT_LENGTH",
    "UNREADABLE",
    "VALID",
    "WRONG_ACCOUNT",
    "WRONG_ALPHABET",
    "WRONG_RANGE",
    "AuthorizationMessage",
    "OpensslStep",
    "ProofError",
    "ProofProblem",
    "ProofVerdict",
    "RegistryCertificateCheck",
    "RoaGuidance",
    "assess_inputs",
    "assess_proof",
    "authorization_message",
    "build_message",
    "certificate_fingerprint",
    "certificate_one_line",
    "certificates_in_text",
    "check_registry_certificates",
    "commands_for",
    "commands_script",
    "decode_signature",
    "default_expiry",
    "incomplete_verdict",
    "load_certificate",
    "names_request",
    "openssl_commands",
    "parse_authorization_message",
    "parse_expiry",
    "proof_email_lines",
    "proof_record",
    "read_input_file",
    "registry_certificate_check",
    "roa_guidance",
    "same_fingerprint",
    "signature_to_aws",
    "utc_today",
    "verdict_findings",
    "verify_authorization",
]
