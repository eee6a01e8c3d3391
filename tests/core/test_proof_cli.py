"""``ses-byoip proof message | commands | verify``: output and exit codes, never a traceback."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from byoip.cli import main as cli
from tests.support.fixtures_proof import ACCOUNT, CIDR, Identity, future_message, sign


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    # Exit codes only, never an exception escaping (a traceback for the user).
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_message_prints_only_the_message() -> None:
    result = invoke("proof", "message", "--account", "1234-5678-9012", "--range", CIDR)
    assert result.exit_code == 0
    expected = (datetime.now(UTC).date() + timedelta(days=90)).strftime("%Y%m%d")
    assert result.output == f"1|aws|123456789012|{CIDR}|{expected}|SHA256|RSAPSS\n"


def test_message_with_expiry() -> None:
    result = invoke(
        "proof", "message", "--account", ACCOUNT, "--range", CIDR, "--expires", "20991231"
    )
    assert result.output.strip().split("|")[4] == "20991231"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--account", "123", "--range", CIDR], 1, "12 digits"),
        (["--account", ACCOUNT, "--range", "10.0.0.0/24"], 1, "private address space"),
        (["--account", ACCOUNT, "--range", CIDR, "--expires", "20200101"], 1, "not in the future"),
        (["--account", ACCOUNT, "--range", CIDR, "--expires", "tomorrow"], 2, "YYYYMMDD"),
    ],
)
def test_message_refuses_bad_values_in_one_sentence(args: list[str], code: int, words: str) -> None:
    result = invoke("proof", "message", *args)
    assert result.exit_code == code
    assert words in result.output
    assert "Traceback" not in result.output


def test_commands_include_the_pipeline_and_roa_guidance() -> None:
    result = invoke(
        "proof", "commands", "--account", ACCOUNT, "--range", CIDR, "--region", "us-gov-east-1"
    )
    assert result.exit_code == 0
    assert "rsa_pss_saltlen:-1" in result.output
    assert "tr -- '+=/' '-_~'" in result.output
    assert "AS8987" in result.output and "max length /24" in result.output
    plain = invoke("proof", "commands", "--account", ACCOUNT, "--range", CIDR)
    assert "AS16509 and AS14618" in plain.output


@pytest.fixture
def signed(tmp_path: Path, identity: Identity) -> dict[str, str]:
    identity.write(tmp_path)
    message = future_message()
    (tmp_path / "signature.txt").write_text(sign(identity.key, message))
    (tmp_path / "message.txt").write_text(message + "\n")
    return {
        "message": message,
        "signature": sign(identity.key, message),
        "cert": str(tmp_path / "certificate.pem"),
        "folder": str(tmp_path),
    }


def test_verify_valid(signed: dict[str, str]) -> None:
    result = invoke(
        "proof", "verify", "--message", signed["message"], "--signature", signed["signature"],
        "--cert", signed["cert"], "--account", ACCOUNT, "--range", CIDR,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Valid: ")
    assert "Certificate SHA-256: " in result.output


def test_verify_reads_message_and_signature_from_files(signed: dict[str, str]) -> None:
    folder = signed["folder"]
    result = invoke(
        "proof", "verify", "--message", f"@{folder}/message.txt",
        "--signature", f"@{folder}/signature.txt", "--cert", signed["cert"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_verify_not_valid_gives_the_reason_and_exit_1(signed: dict[str, str]) -> None:
    result = invoke(
        "proof", "verify", "--message", signed["message"], "--signature", signed["signature"],
        "--cert", signed["cert"], "--range", "199.188.1.0/24",
    )  # fmt: skip
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith("Not valid: The message names range 199.188.0.0/24")


def test_verify_wrong_alphabet(signed: dict[str, str], identity: Identity) -> None:
    standard = sign(identity.key, signed["message"], alphabet="standard")
    result = invoke(
        "proof", "verify", "--message", signed["message"], "--signature", standard,
        "--cert", signed["cert"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "standard base64" in result.output
    assert "Note: Once converted" in result.output


def test_verify_json(signed: dict[str, str]) -> None:
    tampered = signed["message"].replace(ACCOUNT, "210987654321")
    result = invoke(
        "proof", "verify", "--message", tampered, "--signature", signed["signature"],
        "--cert", signed["cert"], "--json",
    )  # fmt: skip
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False and data["code"] == "bad-signature"
    assert len(data["certificate_sha256"]) == 64


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"cert": "missing.pem"}, "does not exist"),
        ({"signature": "@missing.txt"}, "does not exist"),
        ({"message": "@/"}, "is a folder"),
    ],
)
def test_verify_unreadable_input_exits_2(
    signed: dict[str, str], change: dict[str, str], words: str
) -> None:
    values = {**signed, **change}
    result = invoke(
        "proof", "verify", "--message", values["message"], "--signature", values["signature"],
        "--cert", values["cert"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert words in result.output
    assert result.output.startswith("Error: ")


def test_verify_binary_signature_file_exits_2(signed: dict[str, str], tmp_path: Path) -> None:
    binary = tmp_path / "sig.bin"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    result = invoke(
        "proof", "verify", "--message", signed["message"], "--signature", f"@{binary}",
        "--cert", signed["cert"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "not text" in result.output


def test_verify_a_private_key_as_certificate_is_refused(
    signed: dict[str, str], tmp_path: Path
) -> None:
    result = invoke(
        "proof", "verify", "--message", signed["message"], "--signature", signed["signature"],
        "--cert", str(tmp_path / "private-key.pem"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "private key, not the certificate" in result.output


def test_verify_without_a_certificate_or_lookup_exits_2(signed: dict[str, str]) -> None:
    result = invoke(
        "proof", "verify", "--message", signed["message"], "--signature", signed["signature"]
    )
    assert result.exit_code == 2
    assert "--cert" in result.output and "--lookup" in result.output
