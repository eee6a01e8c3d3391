"""Reading what the person brings back: the signature, the certificate, files.

Split from ``byoip.proof`` (which re-exports these names): the parsing of
AWS's base64 alphabet and of certificates in every form they turn up in
(PEM on several lines or on one line as in a registry record, DER), with one
sentence and a stable code for each way they can be wrong.

``cryptography`` is imported inside the functions that need it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - types only
    from cryptography.x509 import Certificate

# AWS writes base64's "+=/" as "-_~" (URL- and shell-friendly).
_TO_AWS = str.maketrans("+=/", "-_~")
_FROM_AWS = str.maketrans("-_~", "+=/")
_AWS_ALPHABET = re.compile(r"[A-Za-z0-9\-_~]*")
_STANDARD_ALPHABET = re.compile(r"[A-Za-z0-9+/=]*")

# A PEM certificate, searched for in text with every white space removed: a
# registry form may break the one line anywhere, even inside the BEGIN/END markers.
_PEM_CERTIFICATE = re.compile(
    r"-----BEGINCERTIFICATE-----(?P<body>[A-Za-z0-9+/=]*?)-----ENDCERTIFICATE-----"
)

# Stable codes (tests, scripts and the Requirements panel rely on them).
MALFORMED_MESSAGE = "malformed-message"
MALFORMED_SIGNATURE = "malformed-signature"
WRONG_ALPHABET = "wrong-alphabet"
MALFORMED_CERTIFICATE = "malformed-certificate"
BAD_SIGNATURE = "bad-signature"
SALT_LENGTH = "salt-length"
MESSAGE_NEWLINE = "message-newline"
WRONG_ACCOUNT = "wrong-account"
WRONG_RANGE = "wrong-range"
EXPIRED_MESSAGE = "expired-message"
EXPIRED_CERTIFICATE = "expired-certificate"
CERTIFICATE_NOT_YET_VALID = "certificate-not-yet-valid"
# Codes of ProofError when a message is made.
INVALID_ACCOUNT = "invalid-account"
INVALID_RANGE = "invalid-range"
INVALID_EXPIRY = "invalid-expiry"


class ProofError(ValueError):
    """Input that can't be used; ``str(exc)`` is one sentence for the person, ``code`` is stable."""

    def __init__(self, message: str, code: str = MALFORMED_MESSAGE) -> None:
        super().__init__(message)
        self.code = code


def signature_to_aws(raw: bytes) -> str:
    """Raw signature bytes -> AWS's base64 form (what the openssl pipeline prints)."""
    return base64.b64encode(raw).decode("ascii").translate(_TO_AWS)


def decode_signature(text: str) -> bytes:
    """AWS's base64 (``-_~``) -> bytes.

    White space is ignored (terminals wrap long lines when people copy). A
    signature in the standard alphabet (``+/=``) is refused with its own code:
    AWS's instructions convert it, and AWS may not accept it as it is.
    """
    compact = "".join(text.split())
    if not compact:
        raise ProofError(
            "The signature is empty: paste the output of the signing command.", MALFORMED_SIGNATURE
        )
    if not _AWS_ALPHABET.fullmatch(compact):
        if _STANDARD_ALPHABET.fullmatch(compact):
            raise ProofError(
                "The signature is in standard base64 (+ / =), not AWS's alphabet: pipe it "
                "through tr -- '+=/' '-_~' as in the signing command.",
                WRONG_ALPHABET,
            )
        bad = sorted({ch for ch in compact if not re.fullmatch(r"[A-Za-z0-9\-_~+/=]", ch)})
        raise ProofError(
            f"The signature has characters base64 never uses ({''.join(bad)[:10]!r}): paste the "
            "output of the signing command as it is.",
            MALFORMED_SIGNATURE,
        )
    standard = compact.translate(_FROM_AWS)
    standard += "=" * (-len(standard) % 4)  # trailing "__" (padding) lost in a copy
    try:
        return base64.b64decode(standard, validate=True)
    except (binascii.Error, ValueError):
        raise ProofError(
            "The signature is not valid base64 (a character is missing or extra): copy the "
            "whole output of the signing command again.",
            MALFORMED_SIGNATURE,
        ) from None


def certificates_in_text(text: str) -> list[str]:
    """Every PEM certificate in ``text``, each returned as normal multi-line PEM.

    Registry records carry the certificate on one line, sometimes broken into
    several lines or with spaces where newlines were; all of those are found.
    """
    found = []
    for match in _PEM_CERTIFICATE.finditer("".join(text.split())):
        body = match.group("body")
        if not body:
            continue
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        found.append(
            "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"
        )
    return found


def load_certificate(data: str | bytes) -> Certificate:
    """A certificate from PEM (multi-line or one line) or DER; ``ProofError`` otherwise."""
    # Deferred: cryptography (~100 ms) only when a certificate is read.
    from cryptography import x509

    if isinstance(data, bytes):
        if data[:1] == b"\x30":  # DER starts with an ASN.1 SEQUENCE
            try:
                return x509.load_der_x509_certificate(data)
            except ValueError:
                pass
        text = data.decode("ascii", errors="replace")
    else:
        text = data
    pems = certificates_in_text(text)
    if not pems and "PRIVATE KEY-----" in text:
        raise ProofError(
            "This is a private key, not the certificate: keep the key to yourself and give "
            "certificate.pem instead.",
            MALFORMED_CERTIFICATE,
        )
    if not pems:
        raise ProofError(
            "No certificate found: the file must hold the certificate between "
            "-----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----.",
            MALFORMED_CERTIFICATE,
        )
    try:
        return x509.load_pem_x509_certificate(pems[0].encode("ascii"))
    except ValueError:
        raise ProofError(
            "The certificate can't be read (damaged base64 or not X.509): make it again with "
            "the openssl req command.",
            MALFORMED_CERTIFICATE,
        ) from None


UNREADABLE = "unreadable"
MISSING_FILE = "missing-file"
#: Enough for any message, signature or certificate; more means the wrong file.
MAX_INPUT_BYTES = 1_000_000


def read_input_file(path: str | Path, what: str) -> bytes:
    """A small input file (certificate, signature, message); ``ProofError`` with one sentence.

    Codes: ``missing-file`` (nothing at that path yet) or ``unreadable``.
    """
    path = Path(path).expanduser()
    if path.exists() and not path.is_dir() and not path.is_file():
        # A pipe would make the read wait forever.
        raise ProofError(
            f"The {what} file {path} is not a regular file (a pipe or device); give a file.",
            UNREADABLE,
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise ProofError(
            f"The {what} file {path} does not exist: give the path of the file you made.",
            MISSING_FILE,
        ) from None
    except IsADirectoryError:
        raise ProofError(f"{path} is a folder, not the {what} file.", UNREADABLE) from None
    except OSError as exc:
        raise ProofError(
            f"The {what} file {path} can't be read ({exc.strerror or exc}).", UNREADABLE
        ) from None
    if len(data) > MAX_INPUT_BYTES:
        raise ProofError(
            f"The {what} file {path} is larger than 1 MB: is it the right file?", UNREADABLE
        )
    return data


def certificate_fingerprint(certificate: Certificate) -> str:
    """SHA-256 of the DER in lower-case hex, the form the RDAP panel shows too.

    ``openssl x509 -noout -fingerprint -sha256`` prints the same digits in upper
    case with colons; ``same_fingerprint`` compares either form.
    """
    # Deferred: cryptography only when a certificate is written out.
    from cryptography.hazmat.primitives.serialization import Encoding

    return hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest()


def same_fingerprint(a: str | None, b: str | None) -> bool:
    def norm(value: str | None) -> str:
        return "".join(ch for ch in (value or "").lower() if ch in "0123456789abcdef")

    return bool(norm(a)) and norm(a) == norm(b)


def certificate_one_line(certificate: Certificate) -> str:
    """The form that goes into the registry record (and the draft)."""
    # Deferred: cryptography only when a certificate is written out.
    from cryptography.hazmat.primitives.serialization import Encoding

    return certificate.public_bytes(Encoding.PEM).decode("ascii").replace("\n", "")
