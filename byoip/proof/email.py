"""The lines the email to AWS carries about the proof (only a proof that verifies)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from byoip.proof.record import assess_proof


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
        # One line per paragraph (see byoip.email_draft._wrap).
        "Our signed authorization message is ready. It is signed with the key of the "
        "self-signed certificate published in the range's registry record:",
        "",
        f"   Message:   {verdict.message.text}",
        f"   Signature: {verdict.signature}",
    ]
    if verdict.certificate_sha256:
        lines.append(f"   Certificate SHA-256: {verdict.certificate_sha256}")
    return lines
