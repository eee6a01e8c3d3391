"""The record's [proof] table: what a draft keeps of the proof, and its re-check."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from byoip.findings import Finding, error, info
from byoip.proof.verdict import INCOMPLETE, ProofVerdict, incomplete_verdict, verify_authorization
from byoip.text import clean_text

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
