"""The proof's verdict: does the signed authorization message verify for this account and range?"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from byoip.proof.inputs import (
    BAD_SIGNATURE,
    CERTIFICATE_NOT_YET_VALID,
    EXPIRED_CERTIFICATE,
    EXPIRED_MESSAGE,
    MALFORMED_CERTIFICATE,
    MALFORMED_MESSAGE,
    MALFORMED_SIGNATURE,
    MESSAGE_NEWLINE,
    SALT_LENGTH,
    WRONG_ACCOUNT,
    WRONG_ALPHABET,
    WRONG_RANGE,
    ProofError,
    certificate_fingerprint,
    certificate_one_line,
    decode_signature,
    load_certificate,
)
from byoip.proof.message import (
    AuthorizationMessage,
    checked_account,
    checked_range,
    normalised_or_raw,
    parse_authorization_message,
)

if TYPE_CHECKING:  # pragma: no cover - types only
    from cryptography.x509 import Certificate


#: A message that expires sooner than this gets a note (not a failure).
EXPIRY_WARNING_DAYS = 14
#: AWS's instructions make an RSA key of this size.
EXPECTED_KEY_BITS = 2048

#: The verdict's code when everything checks out.
VALID = "valid"
INCOMPLETE = "incomplete"


# --------------------------------------------------------------------------- the verdict


@dataclass(frozen=True, slots=True)
class ProofProblem:
    code: str
    reason: str


@dataclass(frozen=True)
class ProofVerdict:
    """What ``verify_authorization`` found. ``reason`` is the first problem's sentence."""

    ok: bool
    code: str
    reason: str
    problems: tuple[ProofProblem, ...] = ()
    #: Things worth knowing that don't make the proof fail.
    notes: tuple[str, ...] = ()
    message: AuthorizationMessage | None = None
    certificate_sha256: str | None = None
    certificate_expires: datetime | None = None
    #: The one-line PEM of the certificate that was used (public; kept in the draft).
    certificate: str | None = None
    #: The signature as checked (white space removed).
    signature: str | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(problem.code for problem in self.problems)


# Which problem speaks first: what can't be read, then the signature, then the contents.
_PRIORITY = (
    MALFORMED_MESSAGE,
    MALFORMED_SIGNATURE,
    WRONG_ALPHABET,
    MALFORMED_CERTIFICATE,
    BAD_SIGNATURE,
    MESSAGE_NEWLINE,
    SALT_LENGTH,
    WRONG_ACCOUNT,
    WRONG_RANGE,
    EXPIRED_MESSAGE,
    EXPIRED_CERTIFICATE,
    CERTIFICATE_NOT_YET_VALID,
)


def incomplete_verdict(reason: str) -> ProofVerdict:
    return ProofVerdict(False, INCOMPLETE, reason)


def _moment(today: date | datetime | None) -> date | datetime:
    """When to check: an exact moment, or a whole day (a ``date``: the app's clock, tests)."""
    if today is None:
        return datetime.now(UTC)
    if isinstance(today, datetime):
        return today if today.tzinfo else today.replace(tzinfo=UTC)
    return today


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _signature_check(certificate: Certificate, message: str, signature: bytes) -> str | None:
    """None when the signature verifies as AWS's command makes it, else a problem code."""
    # Deferred: cryptography (~100 ms) only when a signature is verified.
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    public_key = certificate.public_key()

    def verifies(data: bytes, salt: Any) -> bool:
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=salt)
        try:
            public_key.verify(signature, data, pss, hashes.SHA256())  # type: ignore[union-attr,call-arg]
        except InvalidSignature:
            return False
        return True

    data = message.encode("utf-8")
    # openssl's rsa_pss_saltlen:-1 is "salt as long as the digest" (32 bytes).
    if verifies(data, padding.PSS.DIGEST_LENGTH):
        return None
    # Tell the two common slips apart from a wrong key: openssl's default salt
    # (the maximum) and a message signed with a trailing newline (echo without -n).
    if verifies(data, padding.PSS.AUTO):
        return SALT_LENGTH
    if verifies(data + b"\n", padding.PSS.AUTO):
        return MESSAGE_NEWLINE
    return BAD_SIGNATURE


def verify_authorization(
    message: str,
    signature: str,
    cert_pem: str | bytes,
    account_id: str | None = None,
    cidr: str | None = None,
    today: date | datetime | None = None,
) -> ProofVerdict:
    """Check a signed authorization message the way AWS will.

    Checks: the message's shape; the signature (RSA-PSS, SHA-256, salt = digest
    length, AWS's base64 alphabet) against the certificate's key; that the
    message names ``account_id`` and ``cidr`` when given; that neither the
    message nor the certificate has expired on ``today`` (UTC). Every problem is
    collected; ``code``/``reason`` are the most basic one.
    """
    moment = _moment(today)
    problems: list[ProofProblem] = []
    notes: list[str] = []
    # Only the line ends a paste or a file adds: the signature covers exact bytes.
    message = message.strip("\r\n")

    parsed: AuthorizationMessage | None = None
    try:
        parsed = parse_authorization_message(message)
    except ProofError as exc:
        problems.append(ProofProblem(MALFORMED_MESSAGE, str(exc)))

    raw_signature: bytes | None = None
    try:
        raw_signature = decode_signature(signature)
    except ProofError as exc:
        problems.append(ProofProblem(exc.code, str(exc)))
        if exc.code == WRONG_ALPHABET:
            # Still worth checking: "right signature, wrong alphabet" is a one-step fix.
            raw_signature = _decode_standard_base64(signature)

    certificate = None
    try:
        certificate = load_certificate(cert_pem)
    except ProofError as exc:
        problems.append(ProofProblem(exc.code, str(exc)))
    usable = certificate is not None and _certificate_checks(certificate, moment, problems, notes)

    if usable and certificate is not None and raw_signature is not None:
        problem = _signature_problem(certificate, message, raw_signature)
        if problem is not None:
            problems.append(problem)
        elif any(p.code == WRONG_ALPHABET for p in problems):
            notes.append("Once converted to AWS's alphabet, the signature itself checks out.")

    expires_at = certificate.not_valid_after_utc if certificate is not None else None
    if parsed is not None:
        _content_checks(parsed, account_id, cidr, moment, expires_at, problems, notes)

    problems.sort(key=lambda p: _PRIORITY.index(p.code))
    common: dict[str, Any] = {
        "problems": tuple(problems),
        "notes": tuple(notes),
        "message": parsed,
        "certificate_sha256": certificate_fingerprint(certificate) if certificate else None,
        "certificate_expires": expires_at,
        "certificate": certificate_one_line(certificate) if certificate else None,
        "signature": "".join(signature.split()) or None,
    }
    if problems:
        return ProofVerdict(False, problems[0].code, problems[0].reason, **common)
    assert parsed is not None
    return ProofVerdict(
        True,
        VALID,
        f"The signature is valid: the message for {parsed.account_id} and {parsed.cidr}, "
        f"expiring {parsed.expires:%Y-%m-%d}, verifies with this certificate.",
        **common,
    )


def _decode_standard_base64(signature: str) -> bytes | None:
    compact = "".join(signature.split())
    try:
        return base64.b64decode(compact + "=" * (-len(compact) % 4))
    except (binascii.Error, ValueError):
        return None


def _certificate_checks(
    certificate: Certificate,
    moment: date | datetime,
    problems: list[ProofProblem],
    notes: list[str],
) -> bool:
    """Key type and size, validity dates. False when the key can't check a signature."""
    # Deferred: cryptography only when a key's type is checked.
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        problems.append(
            ProofProblem(
                MALFORMED_CERTIFICATE,
                "The certificate's key is not RSA: AWS's scheme needs an RSA 2048 key "
                "(openssl genpkey -algorithm RSA).",
            )
        )
        return False
    if key.key_size != EXPECTED_KEY_BITS:
        notes.append(f"The key is RSA {key.key_size}; AWS's instructions use RSA 2048.")
    # Given a whole day, a certificate counts as valid on it if it is valid at any time of it.
    if isinstance(moment, datetime):
        expired = certificate.not_valid_after_utc < moment
        early = certificate.not_valid_before_utc > moment
    else:
        expired = certificate.not_valid_after_utc.date() < moment
        early = certificate.not_valid_before_utc.date() > moment
    if expired:
        problems.append(
            ProofProblem(
                EXPIRED_CERTIFICATE,
                f"The certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}: make a "
                "new one, update the registry record and sign again.",
            )
        )
    elif early:
        problems.append(
            ProofProblem(
                CERTIFICATE_NOT_YET_VALID,
                "The certificate is valid only from "
                f"{certificate.not_valid_before_utc:%Y-%m-%d}: "
                "check the clock of the machine that made it.",
            )
        )
    return True


def _signature_problem(
    certificate: Certificate, message: str, raw_signature: bytes
) -> ProofProblem | None:
    outcome = _signature_check(certificate, message, raw_signature)
    if outcome is None:
        return None
    if outcome == SALT_LENGTH:
        return ProofProblem(
            SALT_LENGTH,
            "The signature was made with another PSS salt length: sign again with "
            "-sigopt rsa_pss_saltlen:-1 exactly as in the signing command.",
        )
    if outcome == MESSAGE_NEWLINE:
        return ProofProblem(
            MESSAGE_NEWLINE,
            "The signature covers the message plus a newline: sign again with "
            "printf '%s' (or echo -n) as in the signing command.",
        )
    key_bytes = (certificate.public_key().key_size + 7) // 8  # type: ignore[union-attr]
    if len(raw_signature) != key_bytes:
        return ProofProblem(
            BAD_SIGNATURE,
            f"The signature is {len(raw_signature)} bytes but this certificate's key makes "
            f"{key_bytes}-byte signatures: it was made with another key or cut short.",
        )
    return ProofProblem(
        BAD_SIGNATURE,
        "The signature does not match this message and certificate: the message was "
        "changed after signing, or it was signed with another key.",
    )


def _content_checks(
    parsed: AuthorizationMessage,
    account_id: str | None,
    cidr: str | None,
    moment: date | datetime,
    certificate_expires: datetime | None,
    problems: list[ProofProblem],
    notes: list[str],
) -> None:
    """The message names the request's account and range, and is still valid."""
    if account_id is not None:
        expected_account = normalised_or_raw(checked_account, account_id)
        if parsed.account_id != expected_account:
            problems.append(
                ProofProblem(
                    WRONG_ACCOUNT,
                    f"The message names account {parsed.account_id}, but the request is for "
                    f"{expected_account}: make and sign the message for the request's account.",
                )
            )
    expected_range = normalised_or_raw(checked_range, cidr) if cidr is not None else None
    if expected_range is not None and parsed.cidr != expected_range:
        problems.append(
            ProofProblem(
                WRONG_RANGE,
                f"The message names range {parsed.cidr}, but the request is for "
                f"{expected_range}: make and sign the message for the request's range.",
            )
        )
    else:
        try:
            checked_range(parsed.cidr)
        except ProofError as exc:
            problems.append(
                ProofProblem(WRONG_RANGE, f"The range in the message can't be used: {exc}")
            )
    today = _day(moment)
    if parsed.expires < today:
        problems.append(
            ProofProblem(
                EXPIRED_MESSAGE,
                f"The message expired on {parsed.expires:%Y-%m-%d}: make a new message with a "
                "later date and sign it again.",
            )
        )
        return
    days_left = (parsed.expires - today).days
    if days_left < EXPIRY_WARNING_DAYS:
        notes.append(
            f"The message expires in {days_left} day(s) ({parsed.expires:%Y-%m-%d}); AWS "
            "may take longer than that to check it."
        )
    if certificate_expires is not None and certificate_expires.date() < parsed.expires:
        notes.append(
            f"The certificate expires ({certificate_expires:%Y-%m-%d}) before the message does "
            f"({parsed.expires:%Y-%m-%d})."
        )
