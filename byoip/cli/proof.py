"""``ses-byoip proof``: make the authorization message, print the openssl commands, verify.

Exit codes (byoip.cli): 0 valid / printed; 1 the proof (or the account, range
or date it is made for) is not valid, with the reason in one sentence;
2 input that can't be read (a missing certificate file, a date that isn't one).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from byoip.cli import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, fail, get_settings
from byoip.proof import (
    AuthorizationMessage,
    ProofError,
    ProofVerdict,
    RegistryCertificateCheck,
    build_message,
    check_registry_certificates,
    commands_script,
    openssl_commands,
    parse_authorization_message,
    parse_expiry,
    read_input_file,
    roa_guidance,
    same_fingerprint,
    verify_authorization,
)
from byoip.text import clean_text


def _expiry_option(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_expiry(value)
    except ProofError as exc:
        fail(str(exc), EXIT_UNREADABLE)


def _read_file(path: Path, what: str) -> bytes:
    try:
        return read_input_file(path, what)
    except ProofError as exc:
        fail(str(exc), EXIT_UNREADABLE)


def _text_or_file(value: str, what: str) -> str:
    """``@path`` reads the value from a file (like curl); anything else is the value itself."""
    if value.startswith("@") and len(value) > 1:
        data = _read_file(Path(value[1:]).expanduser(), what)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            fail(f"The {what} file {value[1:]} is not text: give the file the command printed.")
    return value


def _made_message(account: str, cidr: str, expires: str | None) -> AuthorizationMessage:
    try:
        return build_message(account, cidr, _expiry_option(expires))
    except ProofError as exc:
        # The date could be read (or was not given), so the values break a rule: exit 1.
        fail(str(exc), EXIT_INVALID)


@click.group()
def proof() -> None:
    """Proof of ownership: the signed authorization message AWS asks for."""


@proof.command()
@click.option("--account", "account", required=True, help="AWS account ID (12 digits).")
@click.option("--range", "cidr", required=True, help="The IPv4 range, e.g. 192.0.2.0/24.")
@click.option(
    "--expires",
    metavar="YYYYMMDD",
    help="When the message expires (default: 90 days from today, UTC).",
)
def message(account: str, cidr: str, expires: str | None) -> None:
    """Print the authorization message to sign: 1|aws|ID|CIDR|YYYYMMDD|SHA256|RSAPSS."""
    click.echo(_made_message(account, cidr, expires).text)


@proof.command()
@click.option("--account", "account", required=True, help="AWS account ID (12 digits).")
@click.option("--range", "cidr", required=True, help="The IPv4 range, e.g. 192.0.2.0/24.")
@click.option("--expires", metavar="YYYYMMDD", help="When the message expires (default: +90 days).")
@click.option("--region", help="The SES Region (GovCloud Regions need another ASN in the ROA).")
def commands(account: str, cidr: str, expires: str | None, region: str | None) -> None:
    """Print the openssl commands: key, certificate (one line for the registry), signature.

    Run them on your own machine: ses-byoip never asks for your private key.
    """
    made = _made_message(account, cidr, expires)
    steps = openssl_commands(made.account_id, made.cidr, made.expires)
    click.echo(commands_script(steps), nl=False)
    click.echo(
        f"\n# Route origin authorization (ROA)\n# {roa_guidance(made.cidr, region).sentence}"
    )


@proof.command()
@click.option(
    "--message", "message_text", required=True, help="The signed message (or @file to read it)."
)
@click.option(
    "--signature", required=True, help="The signature, AWS's base64 (or @file to read it)."
)
@click.option(
    "--cert",
    "cert_path",
    type=click.Path(path_type=Path),
    help="The certificate file (PEM, one line or several). Optional with --lookup.",
)
@click.option("--account", help="The request's AWS account ID: the message must name it.")
@click.option("--range", "cidr", help="The request's IPv4 range: the message must name it.")
@click.option(
    "--lookup",
    is_flag=True,
    help="Also look the range up in its registry (RDAP): its remarks must carry the "
    "certificate that verifies the signature, as AWS checks.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
def verify(
    message_text: str,
    signature: str,
    cert_path: Path | None,
    account: str | None,
    cidr: str | None,
    lookup: bool,
    as_json: bool,
) -> None:
    """Check a signed authorization message as AWS will (exit 0 valid, 1 not valid)."""
    if cert_path is None and not lookup:
        fail("Give the certificate file with --cert (or --lookup to use the registry's).")
    message_value = _text_or_file(message_text, "message")
    signature_value = _text_or_file(signature, "signature")
    certificate: bytes | str | None = None
    if cert_path is not None:
        certificate = _read_file(cert_path.expanduser(), "certificate")
    registry = None
    if lookup:
        registry, registry_pem = _registry_check(message_value, signature_value, cidr)
        certificate = certificate if certificate is not None else registry_pem
    if certificate is None:
        assert registry is not None
        _say(f"Not valid: {registry.sentence}")
        click.get_current_context().exit(EXIT_INVALID)
    verdict = verify_authorization(
        message_value, signature_value, certificate, account_id=account, cidr=cidr
    )
    ok = verdict.ok and (registry is None or registry.ok)
    if as_json:
        data = _verdict_data(verdict)
        if registry is not None:
            data["registry"] = {
                "certificates": registry.found,
                "matching_sha256": registry.matching_sha256,
                "sentence": registry.sentence,
            }
        data["ok"] = ok
        click.echo(json.dumps(data, indent=2))
    else:
        _print_verdict(verdict)
        if registry is not None:
            _say(f"Registry: {registry.sentence}")
    click.get_current_context().exit(EXIT_OK if ok else EXIT_INVALID)


def _registry_check(
    message: str, signature: str, cidr: str | None
) -> tuple[RegistryCertificateCheck, str | None]:
    """Look the range up (RDAP); the check, and the PEM of the certificate to verify with."""
    if cidr is None:
        try:
            cidr = parse_authorization_message(message.strip("\r\n")).cidr
        except ProofError as exc:
            fail(f"The range to look up can't be read from the message ({exc}); give --range.")
    from byoip.rdap import lookup_rdap  # lazily: the lookup pulls in ipwhois

    result = lookup_rdap(cidr, get_settings())
    if not result.ok:
        fail(f"The registry lookup for {cidr} failed: {result.error}", EXIT_INVALID)
    check = check_registry_certificates(result.certificates, message, signature)
    pems = {c.sha256: c.pem for c in result.certificates}
    for sha256, pem in pems.items():
        if same_fingerprint(sha256, check.matching_sha256):
            return check, pem
    return check, next(iter(pems.values()), None)


def _verdict_data(verdict: ProofVerdict) -> dict[str, Any]:
    return {
        "ok": verdict.ok,
        "code": verdict.code,
        "reason": verdict.reason,
        "problems": [{"code": p.code, "reason": p.reason} for p in verdict.problems],
        "notes": list(verdict.notes),
        "certificate_sha256": verdict.certificate_sha256,
        "certificate_expires": (
            verdict.certificate_expires.isoformat() if verdict.certificate_expires else None
        ),
        "message": verdict.message.text if verdict.message else None,
    }


def _say(line: str) -> None:
    """One line of the verdict: it can quote the message, a file or a registry, so cleaned."""
    click.echo(clean_text(line, None))


def _print_verdict(verdict: ProofVerdict) -> None:
    if verdict.ok:
        _say(f"Valid: {verdict.reason}")
        _say(f"Certificate SHA-256: {verdict.certificate_sha256}")
    else:
        _say(f"Not valid: {verdict.reason}")
        for problem in verdict.problems[1:]:
            _say(f"  Also: {problem.reason}")
    for note in verdict.notes:
        _say(f"  Note: {note}")
