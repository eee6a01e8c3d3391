"""Records at each stage of the journey, complete enough to pass (or fail) its checks.

Dates come from fixed clocks; the proof is signed here with the session's test key
(``fixtures_proof``) and a certificate valid for years around them, so a test's
fixed ``now`` never meets an expired or not-yet-valid certificate.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from byoip.config import Settings
from byoip.record import Record, Status
from byoip.request import Request
from tests.support.fixtures_proof import Identity, self_signed, sign

#: Thursday 24 December 2026, 10:00 UTC: Christmas (a US holiday) and a weekend follow.
SENT_BEFORE_CHRISTMAS = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 20, 15, 45, tzinfo=UTC)
ACCOUNT = "123456789012"
#: A public /24 (not special-purpose), made up for these tests.
CIDR = "192.198.0.0/24"
SETTINGS = Settings(holiday_country="US", lookup_max_age_days=7)

USE_CASE = (
    "Transactional email for our shop, about 2 million messages a month, sent today "
    "from this range with a clean reputation."
)


def long_lived(identity: Identity) -> Identity:
    """The same key with a certificate valid 2026-2036 (fixed clocks stay inside it)."""
    certificate = self_signed(
        identity.key,
        not_before=datetime(2026, 1, 1, tzinfo=UTC),
        not_after=datetime(2036, 1, 1, tzinfo=UTC),
    )
    return Identity(identity.key, certificate)


def fingerprint(identity: Identity) -> str:
    return hashlib.sha256(identity.certificate.public_bytes(Encoding.DER)).hexdigest()


def proof_table(identity: Identity, account: str = ACCOUNT, cidr: str = CIDR) -> dict[str, Any]:
    message = f"1|aws|{account}|{cidr}|20351231|SHA256|RSAPSS"
    return {
        "message": message,
        "signature": sign(identity.key, message),
        "certificate": identity.cert_one_line,
        "certificate_sha256": fingerprint(identity),
    }


def rdap_table(when: datetime, certificate_sha256: str | None) -> dict[str, Any]:
    table: dict[str, Any] = {
        "status": "ok",
        "checked_at": when.isoformat().replace("+00:00", "Z"),
        "cidr": CIDR,
        "rir": "ARIN",
        "covers_range": True,
        "registrant_kind": "org",
        "findings": [],
    }
    if certificate_sha256:
        table["certificate_sha256"] = certificate_sha256
    return table


def reputation_table(when: datetime, listed: bool = False) -> dict[str, Any]:
    listing = [{"address": "192.198.0.7", "codes": ["127.0.0.2"], "meaning": "SBL"}]
    return {
        "verdict": "listed" if listed else "clean",
        "cidr": CIDR,
        "addresses": 256,
        "queries": 512,
        "seconds": 0.4,
        "time": when.isoformat().replace("+00:00", "Z"),
        "resolver": "test",
        "zones": [
            {"zone": "zen.test", "status": "ok", "detail": "", "listed": listing if listed else []},
            {"zone": "bl.test", "status": "ok", "detail": "", "listed": []},
        ],
    }


def draft(now: datetime = NOW) -> Record:
    """A draft with its five fields right and nothing looked up or signed yet."""
    request = Request(ACCOUNT, "us-east-1", USE_CASE, CIDR, "ARIN")
    return Record.new(request, now=now - timedelta(days=2))


def complete(
    identity: Identity, now: datetime = NOW, lookups_age: timedelta | None = None
) -> Record:
    """A draft that passes every check the app can make (lookups ``lookups_age`` old)."""
    when = now - (lookups_age if lookups_age is not None else timedelta(hours=3))
    return replace(
        draft(now),
        rdap=rdap_table(when, fingerprint(identity)),
        reputation=reputation_table(when),
        proof=proof_table(identity),
    )


def at_stage(record: Record, *stages: tuple[Status, datetime, str]) -> Record:
    """``record`` moved through ``(status, at, note)`` entries without checks (test set-up)."""
    for status, at, note in stages:
        record = record.with_status(status, now=at, note=note)
    return record
