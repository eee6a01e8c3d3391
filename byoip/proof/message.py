"""The authorization message and the openssl commands that sign it.

Split from ``byoip.proof`` (which re-exports these names). The account and
range go through the request's own field rules (``byoip.fields``), so the
message names them exactly as the request does.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from byoip.fields import check_account_id, check_ip_range, parse_ipv4_range
from byoip.proof.inputs import (
    INVALID_ACCOUNT,
    INVALID_EXPIRY,
    INVALID_RANGE,
    ProofError,
)

#: How far ahead a new message expires unless the person says otherwise.
#: AWS answers within 48 business hours but may ask for documents, and the
#: onboarding can take weeks: 90 days leaves room for that back-and-forth,
#: while a signed message that leaks stays usable for a short time only.
#: Signing again later is cheap (the certificate in the registry stays).
DEFAULT_EXPIRY_DAYS = 90
#: Validity of the self-signed certificate the commands make. Changing the
#: registry record is the slow part, so the certificate outlives several messages.
CERTIFICATE_DAYS = 365
MESSAGE_PREFIX = ("1", "aws")
MESSAGE_SUFFIX = ("SHA256", "RSAPSS")


# --------------------------------------------------------------------------- the message


def utc_today() -> date:
    # AWS's services run on UTC; a local date could be a day off near midnight.
    return datetime.now(UTC).date()


def default_expiry(today: date | None = None) -> date:
    return (today or utc_today()) + timedelta(days=DEFAULT_EXPIRY_DAYS)


def parse_expiry(text: str) -> date:
    """``YYYYMMDD`` (the message's form) or ``YYYY-MM-DD`` -> a date."""
    raw = text.strip()
    for pattern in ("%Y%m%d", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ProofError(
        f"The expiry date {raw!r} is not a date: write it as YYYYMMDD, for example 20270131.",
        INVALID_EXPIRY,
    )


def checked_account(raw: str) -> str:

    check = check_account_id(raw)
    if not check.ok:
        raise ProofError(
            _first_error(check.findings, "The AWS account ID is not valid."), INVALID_ACCOUNT
        )
    return str(check.value)


def checked_range(raw: str) -> str:

    check = check_ip_range(raw)
    if not check.ok:
        raise ProofError(_first_error(check.findings, "The IP range is not valid."), INVALID_RANGE)
    return str(check.value)


def _first_error(findings: Iterable[Any], fallback: str) -> str:
    for finding in findings:
        if str(getattr(finding, "severity", "")) == "error":
            return str(finding.message)
    return fallback


@dataclass(frozen=True, slots=True)
class AuthorizationMessage:
    account_id: str
    cidr: str
    expires: date

    @property
    def text(self) -> str:
        return "|".join(
            (*MESSAGE_PREFIX, self.account_id, self.cidr, f"{self.expires:%Y%m%d}", *MESSAGE_SUFFIX)
        )

    def __str__(self) -> str:
        return self.text


def authorization_message(
    account_id: str,
    cidr: str,
    expires: date | str | None = None,
    *,
    today: date | None = None,
) -> str:
    """The message to sign, ``1|aws|ID|CIDR|YYYYMMDD|SHA256|RSAPSS``.

    The account and range go through the same rules as the request's fields
    (and come out normalised). ``expires`` defaults to ``DEFAULT_EXPIRY_DAYS``
    ahead; it must be after today (a message that expires today would be stale
    before AWS reads it). Raises ``ProofError`` with one sentence.
    """
    return build_message(account_id, cidr, expires, today=today).text


def build_message(
    account_id: str,
    cidr: str,
    expires: date | str | None = None,
    *,
    today: date | None = None,
) -> AuthorizationMessage:
    today = today or utc_today()
    if expires is None:
        expires = default_expiry(today)
    elif isinstance(expires, str):
        expires = parse_expiry(expires)
    if expires <= today:
        raise ProofError(
            f"The expiry date {expires:%Y-%m-%d} is not in the future: pick a date after "
            f"{today:%Y-%m-%d}, for example {default_expiry(today):%Y%m%d}.",
            INVALID_EXPIRY,
        )
    return AuthorizationMessage(checked_account(account_id), checked_range(cidr), expires)


def parse_authorization_message(text: str) -> AuthorizationMessage:
    """Read a message back; ``ProofError(code="malformed-message")`` when it isn't one."""
    parts = text.split("|")
    shape = "1|aws|ACCOUNT|CIDR|YYYYMMDD|SHA256|RSAPSS"
    if len(parts) != 7:
        raise ProofError(
            f"The message has {len(parts)} parts separated by '|', not 7: it must read {shape}."
        )
    if tuple(parts[:2]) != MESSAGE_PREFIX or tuple(parts[5:]) != MESSAGE_SUFFIX:
        raise ProofError("The message must start with '1|aws|' and end with '|SHA256|RSAPSS'.")
    account, cidr, expiry = parts[2:5]
    if not re.fullmatch(r"\d{12}", account):
        raise ProofError(
            f"The account in the message, {account!r}, is not 12 digits: "
            "AWS compares it as written."
        )
    if not re.fullmatch(r"\d{8}", expiry):
        raise ProofError(f"The expiry in the message, {expiry!r}, is not a date written YYYYMMDD.")
    try:
        expires = datetime.strptime(expiry, "%Y%m%d").date()
    except ValueError:
        raise ProofError(
            f"The expiry in the message, {expiry!r}, is not a real date (YYYYMMDD)."
        ) from None

    network = parse_ipv4_range(cidr) if "/" in cidr else None
    if network is None:
        raise ProofError(
            f"The range in the message, {cidr!r}, is not an IPv4 range in CIDR form (a.b.c.0/24)."
        )
    if str(network) != cidr:
        raise ProofError(
            f"The range in the message, {cidr!r}, must be written {str(network)!r}: "
            "AWS compares it as written."
        )
    return AuthorizationMessage(account, cidr, expires)


# --------------------------------------------------------------------------- the commands


@dataclass(frozen=True, slots=True)
class OpensslStep:
    title: str
    command: str
    why: str


def openssl_commands(
    account_id: str,
    cidr: str,
    expires: date | str | None = None,
    *,
    today: date | None = None,
) -> list[OpensslStep]:
    """The commands to run on the owner's machine, in order.

    The signing pipeline is AWS's own (``openssl dgst ... | openssl base64 |
    tr -- '+=/' '-_~' | tr -d "\\n"``), fed with ``printf '%s'`` rather than
    ``echo -n``: the bytes are the same, but some shells (macOS ``sh``) print
    ``-n`` literally and the signature would then cover the wrong message.
    """
    return commands_for(build_message(account_id, cidr, expires, today=today), today=today)


def commands_for(message: AuthorizationMessage, *, today: date | None = None) -> list[OpensslStep]:
    """``openssl_commands`` for a message already made (or read back from a draft)."""
    today = today or utc_today()
    # The certificate must still be valid when AWS checks the last message it signs.
    days = max(CERTIFICATE_DAYS, (message.expires - today).days + 30)
    quoted = shlex.quote(message.text)
    return [
        OpensslStep(
            "Make a private key (RSA 2048, kept encrypted with a passphrase)",
            "openssl genpkey -aes256 -algorithm RSA -pkeyopt rsa_keygen_bits:2048 "
            "-out private-key.pem",
            "The key never leaves your machine; ses-byoip never asks for it.",
        ),
        OpensslStep(
            "Make a self-signed certificate for the key",
            f"openssl req -new -x509 -key private-key.pem -days {days} "
            '-subj "/CN=BYOIP proof of ownership" -out certificate.pem',
            "AWS checks the signature with this certificate.",
        ),
        OpensslStep(
            "Put the certificate on one line for the registry record",
            'tr -d "\\n" < certificate.pem > certificate-one-line.txt',
            "Paste that line (BEGIN/END included) into the range's record: ARIN Public "
            "Comments, a RIPE descr line, APNIC remarks (through their helpdesk).",
        ),
        OpensslStep(
            "Sign the message",
            f"text_message={quoted}\n"
            "printf '%s' \"$text_message\" | openssl dgst -sha256 -sigopt rsa_padding_mode:pss "
            "-sigopt rsa_pss_saltlen:-1 -sign private-key.pem -keyform PEM | openssl base64 "
            "| tr -- '+=/' '-_~' | tr -d \"\\n\" > signature.txt",
            "The signature is in AWS's base64 alphabet (-_~ instead of +=/), on one line.",
        ),
        OpensslStep(
            "Check it here before you send it",
            f"ses-byoip proof verify --message {quoted} --signature @signature.txt "
            f"--cert certificate.pem --account {message.account_id} --range {message.cidr}",
            "Exit status 0 means AWS should be able to verify it too.",
        ),
    ]


def commands_script(steps: Iterable[OpensslStep]) -> str:
    """The steps as one shell script with a comment above each command."""
    blocks = [f"# {step.title}\n# {step.why}\n{step.command}" for step in steps]
    return "\n\n".join(blocks) + "\n"


def names_request(message: AuthorizationMessage, account_id: str, cidr: str) -> bool:
    """Whether ``message`` names this account and range (normalised by the field rules)."""
    return (message.account_id, message.cidr) == (
        normalised_or_raw(checked_account, account_id),
        normalised_or_raw(checked_range, cidr),
    )


def normalised_or_raw(check: Any, raw: str) -> str:
    # The request's own field may still be wrong (the wizard shows that error);
    # compare with what was typed then, so the proof says "wrong range", not a crash.
    try:
        return str(check(raw))
    except ProofError:
        return raw.strip()
