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

The message and the commands live in ``byoip.proof.message``, the reading of
signatures, certificates and files in ``byoip.proof.inputs``; this module
holds the verdict, the record table, the registry check, the ROA guidance and
the email lines, and re-exports the other two (``__all__``).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from byoip.findings import Finding, error, info
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
    checked_account,
    checked_range,
    commands_for,
    commands_script,
    default_expiry,
    names_request,
    normalised_or_raw,
    openssl_commands,
    parse_authorization_message,
    parse_expiry,
    utc_today,
)
from byoip.text import clean_text

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

if TYPE_CHECKING:  # pragma: no cover - types only
    from cryptography.x509 import Certificate

#: A message that expires sooner than this gets a note (not a failure).
EXPIRY_WARNING_DAYS = 14
#: AWS's instructions make an RSA key of this size.
EXPECTED_KEY_BITS = 2048

#: The ASNs a ROA must authorize: EC2's "Prerequisites for BYOIP",
#: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/prepare-for-byoip.html
#: (AS8987 in the GovCloud Regions).
ROA_ASNS: tuple[int, ...] = (16509, 14618)
GOVCLOUD_ROA_ASNS: tuple[int, ...] = (8987,)

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


# --------------------------------------------------------------------------- the record


PROOF_KEYS = ("message", "signature", "certificate_sha256", "certificate")


def proof_record(
    message: str, signature: str, verdict: ProofVerdict | None = None
) -> dict[str, str]:
    """The draft's ``[proof]`` table: message, signature, the certificate's SHA-256
    fingerprint and the certificate itself (public: it is in the registry record
    anyway, and keeping it lets a reviewer check the signature again)."""
    table = {
        "message": message.strip("\r\n"),
        "signature": "".join(signature.split()),
    }
    if verdict is not None and verdict.certificate_sha256:
        table["certificate_sha256"] = verdict.certificate_sha256
    if verdict is not None and verdict.certificate:
        table["certificate"] = verdict.certificate
    return {key: value for key, value in table.items() if value}


def assess_inputs(
    message: str | None,
    signature: str | None,
    certificate: str | None,
    *,
    missing_message: str = "No signed authorization message yet.",
    certificate_problem: str | None = None,
    account_id: str | None = None,
    cidr: str | None = None,
    today: date | datetime | None = None,
) -> ProofVerdict:
    """The verdict for what the person has so far.

    One rule for the wizard's proof step and for saved drafts: while something is
    missing the verdict is "incomplete" (naming the next thing to do), which
    leaves the requirement "not yet known"; with message, signature and
    certificate all present, the signature is verified.  ``certificate_problem``
    is why a given certificate file could not be read.
    """
    if not message:
        return incomplete_verdict(missing_message)
    if certificate_problem:
        return incomplete_verdict(certificate_problem)
    if not (signature or "").strip():
        return incomplete_verdict(
            "The message is not signed yet: run the commands, then paste the signature "
            "(signature.txt)."
        )
    if not certificate:
        return incomplete_verdict(
            "The certificate is not recorded: give the certificate file (certificate.pem) "
            "to check the signature."
        )
    return verify_authorization(
        message, signature or "", certificate, account_id=account_id, cidr=cidr, today=today
    )


def assess_proof(
    proof: Mapping[str, Any] | None,
    account_id: str | None = None,
    cidr: str | None = None,
    today: date | datetime | None = None,
) -> ProofVerdict:
    """The verdict for a draft's ``[proof]`` table (the certificate kept in it)."""
    proof = proof or {}
    return assess_inputs(
        str(proof.get("message") or ""),
        str(proof.get("signature") or ""),
        str(proof.get("certificate") or ""),
        account_id=account_id,
        cidr=cidr,
        today=today,
    )


def verdict_findings(verdict: ProofVerdict | None) -> list[Finding] | None:
    """A proof verdict as findings for the requirements (None: nothing to decide yet).

    A valid proof is an info finding, an invalid one an error carrying the verdict's
    reason; an incomplete proof (no message, signature or certificate yet) decides
    nothing, so the "proof of ownership" requirement stays "not yet known".
    """
    if verdict is None or (not verdict.ok and verdict.code == INCOMPLETE):
        return None
    if verdict.ok:
        return [info("proof", "proof.valid", "The signed authorization message verifies.")]
    reason = clean_text(verdict.reason, 300) or "The proof does not verify."
    return [error("proof", f"proof.{verdict.code}", reason)]


# --------------------------------------------------------------------------- the registry


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


# --------------------------------------------------------------------------- ROA guidance


@dataclass(frozen=True, slots=True)
class RoaGuidance:
    asns: tuple[int, ...]
    max_length: int | None
    prefix: str
    sentence: str


def roa_guidance(cidr: str, region: str | None = None) -> RoaGuidance:
    """Which ASNs the range's ROA must authorize, and its max length (= the prefix length)."""
    prefix = cidr.strip()
    length: int | None = None
    if "/" in prefix:
        tail = prefix.rsplit("/", 1)[1]
        length = int(tail) if tail.isdigit() else None
    length_text = f"/{length}" if length is not None else "the prefix length of the range"
    target = prefix or "the range"
    if region and region.strip().lower().startswith("us-gov-"):
        asns = GOVCLOUD_ROA_ASNS
        amazon = f"AS{asns[0]} (GovCloud)"
    elif region:
        asns = ROA_ASNS
        amazon = f"AS{asns[0]} and AS{asns[1]}"
    else:
        asns = ROA_ASNS
        amazon = (
            f"AS{ROA_ASNS[0]} and AS{ROA_ASNS[1]} "
            f"(AS{GOVCLOUD_ROA_ASNS[0]} in GovCloud Regions us-gov-*)"
        )
    # EC2's BYOIP prerequisites (ROA_ASNS' source): today's origins stay authorized,
    # the ROA comes first, it can take up to 24 hours to be seen, the certificate
    # only has to stay until provisioning is done.
    sentence = (
        f"First, before anything else changes, create a ROA for {target} that authorizes "
        f"{amazon} and also the ASNs that announce the range today (so current routing "
        f"does not break), with max length {length_text}; it can take up to 24 hours to "
        "be visible. The certificate in the registry record is needed only until AWS has "
        "provisioned the range; you can remove it afterwards."
    )
    return RoaGuidance(asns, length, prefix, sentence)


def registry_certificate_check(
    rdap: Any, message: str | None = None, signature: str | None = None
) -> RegistryCertificateCheck:
    """``check_registry_certificates`` on an RDAP response (dict) or an ``RdapResult``."""
    from byoip.rdap.parse import certificates_in_remarks

    return check_registry_certificates(certificates_in_remarks(rdap), message, signature)


# --------------------------------------------------------------------------- the email


def proof_email_lines(
    proof: Mapping[str, Any] | None,
    account_id: str,
    cidr: str,
    now: date | datetime | None = None,
) -> list[str]:
    """Lines for the email to AWS: the signed message, only when the draft's proof verifies.

    A proof that doesn't verify (or isn't finished) is left out: sending AWS a
    broken proof would only slow the request down. Each value stays on one line
    so that it can be copied whole.
    """
    verdict = assess_proof(proof, account_id, cidr, now)
    if not verdict.ok or verdict.message is None or not verdict.signature:
        return []
    lines = [
        "",
        "Our signed authorization message is ready. It is signed with the key of the",
        "self-signed certificate published in the range's registry record:",
        "",
        f"   Message:   {verdict.message.text}",
        f"   Signature: {verdict.signature}",
    ]
    if verdict.certificate_sha256:
        lines.append(f"   Certificate SHA-256: {verdict.certificate_sha256}")
    return lines
