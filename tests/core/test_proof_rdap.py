"""The certificate in the range's registry record, served by the local RDAP test server."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from byoip import proof
from byoip.cli import main as cli
from byoip.config import load_settings
from byoip.rdap import lookup_rdap
from tests.support.fixtures_proof import ACCOUNT, Identity, future_message, sign
from tests.support.rdap_server import SAMPLE_RECORDINGS, RdapTestServer

#: A recorded RIPE NCC answer whose remarks carry a certificate (made with a key we don't have).
RECORDED_WITH_CERTIFICATE = "185.54.121.0/24"
#: A recorded ARIN answer without any certificate; the tests add theirs to a copy of it.
ARIN_RANGE = "199.188.0.0/22"


def arin_document_with(*certificates: str) -> dict[str, Any]:
    """The recorded ARIN answer, its remarks carrying ``certificates`` as ARIN shows
    Public Comments (one line each, among other comment lines)."""
    recorded = json.loads((SAMPLE_RECORDINGS / "ip_199.188.0.0_22.json").read_text())
    document = copy.deepcopy(recorded)
    lines = ["Network for our mail servers.", *certificates]
    document["remarks"] = [{"title": "Registration Comments", "description": lines}]
    return document


def test_recorded_response_carries_a_certificate_that_is_not_ours(
    rdap_server: RdapTestServer, identity: Identity
) -> None:
    result = lookup_rdap(RECORDED_WITH_CERTIFICATE, load_settings())
    assert result.ok, result.error
    message = future_message(cidr=RECORDED_WITH_CERTIFICATE)
    check = proof.registry_certificate_check(result, message, sign(identity.key, message))
    assert check.found >= 1
    assert not check.ok
    assert "none verifies" in check.sentence
    assert proof.registry_certificate_check(result).found == check.found


def test_our_certificate_in_the_served_record_verifies(
    rdap_server: RdapTestServer, identity: Identity, other_identity: Identity
) -> None:
    rdap_server.documents[ARIN_RANGE] = arin_document_with(
        other_identity.cert_one_line, identity.cert_one_line
    )
    result = lookup_rdap(ARIN_RANGE, load_settings())
    assert result.ok, result.error
    message = future_message(cidr=ARIN_RANGE)
    check = proof.registry_certificate_check(result, message, sign(identity.key, message))
    assert check.found == 2
    assert check.ok
    assert check.matching_sha256 == hashlib.sha256(identity.cert_der).hexdigest()


def test_verify_lookup_uses_the_registrys_certificate(
    rdap_server: RdapTestServer, identity: Identity
) -> None:
    rdap_server.documents[ARIN_RANGE] = arin_document_with(identity.cert_one_line)
    message = future_message(account=ACCOUNT, cidr=ARIN_RANGE)
    result = CliRunner().invoke(
        cli,
        ["proof", "verify", "--message", message, "--signature", sign(identity.key, message),
         "--lookup"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Registry: The registry record carries the certificate" in result.output


def test_verify_lookup_fails_when_the_registry_has_another_certificate(
    rdap_server: RdapTestServer, identity: Identity, other_identity: Identity, tmp_path: Path
) -> None:
    rdap_server.documents[ARIN_RANGE] = arin_document_with(other_identity.cert_one_line)
    _, cert_path = identity.write(tmp_path)
    message = future_message(cidr=ARIN_RANGE)
    result = CliRunner().invoke(
        cli,
        ["proof", "verify", "--message", message, "--signature", sign(identity.key, message),
         "--cert", str(cert_path), "--lookup"],
    )  # fmt: skip
    # The signature is right for the file, but AWS checks with the registry's certificate.
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Valid: ")
    assert "none verifies the signature" in result.output


def test_verify_lookup_without_any_certificate(
    rdap_server: RdapTestServer, identity: Identity
) -> None:
    rdap_server.documents[ARIN_RANGE] = arin_document_with()
    message = future_message(cidr=ARIN_RANGE)
    result = CliRunner().invoke(
        cli,
        ["proof", "verify", "--message", message, "--signature", sign(identity.key, message),
         "--lookup"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "no certificate in its remarks" in result.output


def test_verify_lookup_when_the_registry_fails(
    rdap_server: RdapTestServer, identity: Identity
) -> None:
    rdap_server.fail(ARIN_RANGE, status=500)
    message = future_message(cidr=ARIN_RANGE)
    result = CliRunner().invoke(
        cli,
        ["proof", "verify", "--message", message, "--signature", sign(identity.key, message),
         "--lookup"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "registry lookup for 199.188.0.0/22 failed" in result.output
    assert "Traceback" not in result.output
