"""Write sample_requests/journey/: one made-up request at each stage of its journey.

Run from the repository root: ``python scripts/make_journey_samples.py``.  A fresh RSA
key signs each request's authorization message and is thrown away (never written):
only its self-signed certificate (public) and the signatures go into the records,
so the proofs verify and nobody can sign anything else with that key.

Every date is counted back from ANCHOR (the clock the tests and screenshots use);
the demo moves them forward by whole weeks so that the story holds on the day it runs.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from byoip.journey.samples import ANCHOR
from byoip.record import Record, Status, record_to_toml
from byoip.request import Request

FOLDER = Path(__file__).resolve().parent.parent / "sample_requests" / "journey"

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ses-byoip sample (made up)")])
CERT = (
    x509.CertificateBuilder()
    .subject_name(NAME)
    .issuer_name(NAME)
    .public_key(KEY.public_key())
    .serial_number(x509.random_serial_number())
    .not_valid_before(datetime(2026, 1, 1, tzinfo=UTC))
    .not_valid_after(datetime(2036, 1, 1, tzinfo=UTC))
    .sign(KEY, hashes.SHA256())
)
CERT_ONE_LINE = CERT.public_bytes(Encoding.PEM).decode().replace("\n", "")
CERT_SHA256 = hashlib.sha256(CERT.public_bytes(Encoding.DER)).hexdigest()


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def proof(account: str, cidr: str) -> dict[str, str]:
    message = f"1|aws|{account}|{cidr}|20351231|SHA256|RSAPSS"
    raw = KEY.sign(
        message.encode(),
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH),
        hashes.SHA256(),
    )
    signature = base64.b64encode(raw).decode().translate(str.maketrans("+=/", "-_~"))
    return {
        "message": message,
        "signature": signature,
        "certificate": CERT_ONE_LINE,
        "certificate_sha256": CERT_SHA256,
    }


def rdap(cidr: str, rir: str, when: datetime) -> dict[str, object]:
    return {
        "status": "ok",
        "checked_at": iso(when),
        "cidr": cidr,
        "rir": rir,
        "covers_range": True,
        "registrant_kind": "org",
        "registrant_name": "Example Mail Co (made up)",
        "certificate_sha256": CERT_SHA256,
        "source": "a recording made up for this sample",
        "findings": [],
    }


def reputation(cidr: str, when: datetime) -> dict[str, object]:
    return {
        "verdict": "clean",
        "cidr": cidr,
        "addresses": 256,
        "queries": 1280,
        "seconds": 0.31,
        "time": iso(when),
        "resolver": "a recording made up for this sample",
        "zones": [
            {"zone": zone, "status": "ok", "detail": "", "listed": []}
            for zone in ("zen.spamhaus.org", "bl.spamcop.net", "psbl.surriel.com")
        ],
    }


def story(
    name: str,
    comment: str,
    request: Request,
    rir: str,
    steps: list[tuple[Status, timedelta, str]],
    lookups: timedelta | None = None,
    signed: bool = True,
) -> None:
    """A record created ``steps[0]`` before ANCHOR and moved through ``steps``."""
    created = ANCHOR - steps[0][1]
    record = Record.new(request, now=created)
    for status, before, note in steps[1:]:
        record = record.with_status(status, now=ANCHOR - before, note=note)
    if lookups is not None:
        when = ANCHOR - lookups
        record = replace(
            record,
            rdap=rdap(request.ip_range, rir, when),
            reputation=reputation(request.ip_range, when),
        )
    if signed:
        record = replace(record, proof=proof(request.account_id, request.ip_range))
    comment += "\nexpect: ok"  # tests/core/test_samples.py holds every sample to it
    text = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    (FOLDER / f"{name}.toml").write_text(text + record_to_toml(record), encoding="utf-8")


USE = (
    "Transactional email (receipts, password resets) for our made-up shop, about {n} "
    "messages a month, sent today from this range by our own MTAs."
)


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    day = timedelta(days=1)
    story(
        "1-draft",
        "Stage draft: the five fields are right; nothing looked up or signed yet.\n"
        "Next step: look up the registration and the reputation, sign the message.",
        Request("111122223333", "us-east-1", USE.format(n="1 million"), "23.157.44.0/24", "ARIN"),
        "ARIN",
        [(Status.DRAFT, 1 * day, "")],
        signed=False,
    )
    story(
        "2-ready",
        "Stage ready: every check the app can make passes, lookups are fresh.\n"
        "Next step: send the email to AWS (ses-byoip render FILE).",
        Request("111122223333", "us-west-2", USE.format(n="3 million"), "23.157.45.0/24", "ARIN"),
        "ARIN",
        [(Status.DRAFT, 3 * day, ""), (Status.READY, 2 * timedelta(hours=1), "")],
        lookups=timedelta(hours=3),
    )
    story(
        "3-sent",
        "Stage sent, yesterday: AWS's answer is not due yet (48 business hours).\nNext step: wait.",
        Request(
            "444455556666", "eu-west-1", USE.format(n="2 million"), "185.223.12.0/24", "RIPE NCC"
        ),
        "RIPE NCC",
        [
            (Status.DRAFT, 6 * day, ""),
            (Status.READY, 2 * day, ""),
            (Status.SENT, 1 * day, "mailed to ses-byoip-request@amazon.com"),
        ],
        lookups=2 * day,
    )
    story(
        "4-sent-overdue",
        "Stage sent, nine days ago, and no answer: overdue.\n"
        "Next step: a polite reminder (ses-byoip followup FILE --kind reminder).",
        Request(
            "444455556666", "eu-central-1", USE.format(n="5 million"), "185.223.13.0/24", "RIPE NCC"
        ),
        "RIPE NCC",
        [
            (Status.DRAFT, 14 * day, ""),
            (Status.READY, 10 * day, ""),
            (Status.SENT, 9 * day, "mailed; AWS case 17000000001 (made up)"),
        ],
        lookups=10 * day,
    )
    story(
        "5-more-info",
        "Stage more-info: AWS asked for more.\n"
        "Next step: answer (ses-byoip followup FILE --kind reply).",
        Request(
            "444455556666", "eu-west-2", USE.format(n="800,000"), "185.223.14.0/24", "RIPE NCC"
        ),
        "RIPE NCC",
        [
            (Status.DRAFT, 12 * day, ""),
            (Status.READY, 9 * day, ""),
            (Status.SENT, 8 * day, "AWS case 17000000002 (made up)"),
            (
                Status.MORE_INFO,
                1 * day,
                "Please confirm who signed the authorization message and send a letter "
                "of authorization from the range's holder. (made up)",
            ),
        ],
        lookups=9 * day,
    )
    story(
        "6-approved",
        "Stage approved: AWS provisioned the range.\n"
        "Next step: the runbook (ses-byoip runbook FILE); the certificate can leave the\n"
        "registry record now; keep the ROA.",
        Request(
            "777788889999", "ap-southeast-2", USE.format(n="4 million"), "103.152.220.0/24", "APNIC"
        ),
        "APNIC",
        [
            (Status.DRAFT, 30 * day, ""),
            (Status.READY, 25 * day, ""),
            (Status.SENT, 24 * day, "AWS case 17000000003 (made up)"),
            (Status.APPROVED, 2 * day, "approved by AWS (made up)"),
        ],
        lookups=25 * day,
    )
    story(
        "7-in-use",
        "Stage in-use: the addresses are in a dedicated IP pool and send mail.\n"
        "Nothing to do; keep the ROA.",
        Request(
            "777788889999", "ap-southeast-1", USE.format(n="6 million"), "103.152.221.0/24", "APNIC"
        ),
        "APNIC",
        [
            (Status.DRAFT, 60 * day, ""),
            (Status.READY, 55 * day, ""),
            (Status.SENT, 54 * day, "AWS case 17000000004 (made up)"),
            (Status.APPROVED, 45 * day, ""),
            (
                Status.IN_USE,
                40 * day,
                "pool byoip-103-152-221-0-24, configuration set sends from it",
            ),
        ],
        lookups=55 * day,
    )
    story(
        "8-rejected",
        "Stage rejected, with AWS's reason.\n"
        "Next step: nothing, or start over as a draft once the reason is fixed.",
        Request(
            "111122223333", "ca-central-1", USE.format(n="2 million"), "23.157.46.0/24", "ARIN"
        ),
        "ARIN",
        [
            (Status.DRAFT, 40 * day, ""),
            (Status.READY, 35 * day, ""),
            (Status.SENT, 34 * day, "AWS case 17000000005 (made up)"),
            (
                Status.REJECTED,
                30 * day,
                "AWS: the range's registration names a person, not the business (made up)",
            ),
        ],
        lookups=35 * day,
    )
    story(
        "9-withdrawn",
        "Stage withdrawn, with our reason: it no longer counts toward the per-Region limit.",
        Request("111122223333", "us-east-2", USE.format(n="1 million"), "23.157.47.0/24", "ARIN"),
        "ARIN",
        [
            (Status.DRAFT, 20 * day, ""),
            (Status.WITHDRAWN, 18 * day, "we keep sending from our own MTAs for now"),
        ],
        signed=False,
    )


if __name__ == "__main__":
    main()
