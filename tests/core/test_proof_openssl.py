"""Interoperability with the openssl command line: the commands we print, run for real."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from byoip import proof
from byoip.cli import main as cli
from tests.support.fixtures_proof import ACCOUNT, CIDR, Identity, future_message, sign

OPENSSL = shutil.which("openssl")
BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(
    OPENSSL is None or BASH is None, reason="needs the openssl command and bash (CI installs them)"
)


def run(script: str, folder: Path) -> str:
    result = subprocess.run(
        [BASH or "bash", "-euo", "pipefail", "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_printed_commands_make_a_proof_that_verifies(
    tmp_path: Path, identity: Identity, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every step after the key, exactly as printed (the key step asks for a passphrase,
    so the test brings its own unencrypted key)."""
    identity.write(tmp_path)
    (tmp_path / "certificate.pem").unlink()  # the printed command makes it
    steps = proof.openssl_commands(ACCOUNT, CIDR)
    run("\n".join(step.command for step in steps[1:4]), tmp_path)

    message = proof.authorization_message(ACCOUNT, CIDR)
    signature = (tmp_path / "signature.txt").read_text()
    one_line = (tmp_path / "certificate-one-line.txt").read_text()
    assert "\n" not in signature and "\n" not in one_line
    assert one_line.startswith("-----BEGIN CERTIFICATE-----MII")
    assert one_line.endswith("-----END CERTIFICATE-----")
    assert set(signature) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~"
    )

    verdict = proof.verify_authorization(message, signature, one_line, ACCOUNT, CIDR)
    assert verdict.ok, verdict.reason
    fingerprint = run("openssl x509 -in certificate.pem -noout -fingerprint -sha256", tmp_path)
    assert proof.same_fingerprint(verdict.certificate_sha256, fingerprint.split("=", 1)[1])

    # The last printed step is our own check, reading @signature.txt from the folder.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, shlex.split(steps[4].command)[1:])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Valid:")


def test_openssl_key_and_certificate_sign_and_verify(tmp_path: Path) -> None:
    """Key and certificate made by openssl, as a user would (without the passphrase)."""
    message = future_message()
    run(
        "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private-key.pem "
        "2>/dev/null\n"
        'openssl req -new -x509 -key private-key.pem -days 30 -subj "/CN=t" -out certificate.pem\n'
        f"printf '%s' '{message}' | openssl dgst -sha256 -sigopt rsa_padding_mode:pss "
        "-sigopt rsa_pss_saltlen:-1 -sign private-key.pem -keyform PEM | openssl base64 "
        "| tr -- '+=/' '-_~' | tr -d \"\\n\" > signature.txt",
        tmp_path,
    )
    signature = (tmp_path / "signature.txt").read_text()
    cert = (tmp_path / "certificate.pem").read_bytes()
    assert proof.verify_authorization(message, signature, cert).ok
    tampered = message.replace(ACCOUNT, "210987654321")
    assert proof.verify_authorization(tampered, signature, cert).code == proof.BAD_SIGNATURE


def test_openssl_verifies_what_cryptography_signs(tmp_path: Path, identity: Identity) -> None:
    """The tests' own signer makes what openssl expects (so the other tests mean something)."""
    identity.write(tmp_path)
    message = future_message()
    (tmp_path / "message.txt").write_text(message)
    signature = sign(identity.key, message, alphabet="standard")
    (tmp_path / "signature.b64").write_text(signature)
    out = run(
        "openssl x509 -in certificate.pem -pubkey -noout > public-key.pem\n"
        "openssl base64 -d -A -in signature.b64 -out signature.bin\n"
        "openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1 "
        "-verify public-key.pem -signature signature.bin message.txt",
        tmp_path,
    )
    assert "Verified OK" in out


@pytest.mark.parametrize(
    ("pipeline", "code"),
    [
        # echo without -n: the newline is signed too.
        (
            'echo "$M" | openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt '
            "rsa_pss_saltlen:-1 -sign private-key.pem | openssl base64 | tr -- '+=/' '-_~' "
            '| tr -d "\\n"',
            proof.MESSAGE_NEWLINE,
        ),
        # openssl's default PSS salt (the maximum) instead of -1.
        (
            "printf '%s' \"$M\" | openssl dgst -sha256 -sigopt rsa_padding_mode:pss "
            "-sign private-key.pem | openssl base64 | tr -- '+=/' '-_~' | tr -d \"\\n\"",
            proof.SALT_LENGTH,
        ),
        # the tr to AWS's alphabet forgotten.
        (
            "printf '%s' \"$M\" | openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt "
            "rsa_pss_saltlen:-1 -sign private-key.pem | openssl base64",
            proof.WRONG_ALPHABET,
        ),
        # PKCS#1 v1.5 instead of PSS.
        (
            "printf '%s' \"$M\" | openssl dgst -sha256 -sign private-key.pem | openssl base64 "
            "| tr -- '+=/' '-_~' | tr -d \"\\n\"",
            proof.BAD_SIGNATURE,
        ),
    ],
)
def test_common_openssl_slips_are_named(
    tmp_path: Path, identity: Identity, pipeline: str, code: str
) -> None:
    identity.write(tmp_path)
    message = future_message()
    signature = run(f"M='{message}'\n{pipeline}", tmp_path)
    verdict = proof.verify_authorization(message, signature, identity.cert_pem)
    assert verdict.code == code, verdict.reason


def test_every_printed_step_with_the_passphrase_given_on_the_command_line(
    tmp_path: Path,
) -> None:
    """The key step too: the passphrase openssl would ask for at the terminal is passed
    with -pass/-passin here, everything else is the printed text."""
    steps = [step.command for step in proof.openssl_commands(ACCOUNT, CIDR)]
    steps[0] += " -pass pass:test-only"
    steps[1] = steps[1].replace(
        "-key private-key.pem", "-key private-key.pem -passin pass:test-only"
    )
    steps[3] = steps[3].replace("-keyform PEM", "-keyform PEM -passin pass:test-only")
    run("\n".join(steps[:4]), tmp_path)
    assert b"ENCRYPTED PRIVATE KEY" in (tmp_path / "private-key.pem").read_bytes()
    verdict = proof.verify_authorization(
        proof.authorization_message(ACCOUNT, CIDR),
        (tmp_path / "signature.txt").read_text(),
        (tmp_path / "certificate-one-line.txt").read_text(),
        ACCOUNT,
        CIDR,
    )
    assert verdict.ok, verdict.reason
    assert verdict.notes == ()  # RSA 2048, a certificate that outlives the message
