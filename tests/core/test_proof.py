"""The authorization message, the openssl commands and the verdict on a signature."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import given, settings
from hypothesis import strategies as st

from byoip import proof
from byoip.record import Record, record_from_toml, record_to_toml
from byoip.request import Request
from tests.support.fixtures_proof import ACCOUNT, CIDR, Identity, future_message, self_signed, sign

TODAY = datetime(2026, 11, 26, tzinfo=UTC).date()


# --- the message ------------------------------------------------------------------------


def test_message_has_awss_shape_and_normalised_fields() -> None:
    text = proof.authorization_message("1234-5678-9012", " 199.188.0.0/24 ", "20270131")
    assert text == "1|aws|123456789012|199.188.0.0/24|20270131|SHA256|RSAPSS"


def test_default_expiry_is_ninety_days_ahead() -> None:
    text = proof.authorization_message(ACCOUNT, CIDR, today=TODAY)
    assert text.split("|")[4] == (TODAY + timedelta(days=90)).strftime("%Y%m%d") == "20270224"


def test_expiry_accepts_iso_dates_and_date_objects() -> None:
    by_text = proof.authorization_message(ACCOUNT, CIDR, "2027-01-31", today=TODAY)
    by_date = proof.authorization_message(ACCOUNT, CIDR, TODAY + timedelta(days=66), today=TODAY)
    assert by_text == by_date


@pytest.mark.parametrize("expires", ["20261125", "20261126", "20200101"])
def test_past_or_same_day_expiry_is_refused_with_a_date_to_use(expires: str) -> None:
    with pytest.raises(proof.ProofError) as caught:
        proof.authorization_message(ACCOUNT, CIDR, expires, today=TODAY)
    assert caught.value.code == proof.INVALID_EXPIRY
    assert "not in the future" in str(caught.value)
    assert "20270224" in str(caught.value)  # the suggestion


def test_unreadable_expiry_is_refused() -> None:
    with pytest.raises(proof.ProofError, match="YYYYMMDD"):
        proof.authorization_message(ACCOUNT, CIDR, "2027-13-01", today=TODAY)


@pytest.mark.parametrize(
    ("account", "cidr", "code", "words"),
    [
        ("12345", CIDR, proof.INVALID_ACCOUNT, "12 digits"),
        ("12345678901x", CIDR, proof.INVALID_ACCOUNT, "only digits"),
        (ACCOUNT, "10.0.0.0/8", proof.INVALID_RANGE, "private address space"),
        (ACCOUNT, "199.188.0.7/24", proof.INVALID_RANGE, "host bits"),
        (ACCOUNT, "199.188.0.0/25", proof.INVALID_RANGE, "too specific"),
    ],
)
def test_message_uses_the_field_rules(account: str, cidr: str, code: str, words: str) -> None:
    with pytest.raises(proof.ProofError) as caught:
        proof.authorization_message(account, cidr, today=TODAY)
    assert caught.value.code == code
    assert words in str(caught.value)


def test_message_reads_back() -> None:
    parsed = proof.parse_authorization_message(
        "1|aws|012345678901|199.188.0.0/24|20270131|SHA256|RSAPSS"
    )
    assert parsed.account_id == "012345678901"  # leading zero kept
    assert parsed.cidr == CIDR
    assert parsed.expires == datetime(2027, 1, 31).date()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1|aws|123456789012|199.188.0.0/24|20270131|SHA256", "not 7"),
        ("2|aws|123456789012|199.188.0.0/24|20270131|SHA256|RSAPSS", "must start"),
        ("1|aws|123456789012|199.188.0.0/24|20270131|SHA1|RSAPSS", "must start"),
        ("1|aws|1234-5678-9012|199.188.0.0/24|20270131|SHA256|RSAPSS", "12 digits"),
        ("1|aws|123456789012|199.188.0.0/24|2027-01-31|SHA256|RSAPSS", "YYYYMMDD"),
        ("1|aws|123456789012|199.188.0.0/24|20271331|SHA256|RSAPSS", "real date"),
        ("1|aws|123456789012|199.188.0.5/24|20270131|SHA256|RSAPSS", "must be written"),
        ("1|aws|123456789012|199.188.0.0|20270131|SHA256|RSAPSS", "CIDR form"),
    ],
)
def test_malformed_messages_are_named(text: str, words: str) -> None:
    with pytest.raises(proof.ProofError, match=words) as caught:
        proof.parse_authorization_message(text)
    assert caught.value.code == proof.MALFORMED_MESSAGE


# --- the commands -----------------------------------------------------------------------

AWS_PIPELINE = (
    "openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:-1 "
    "-sign private-key.pem -keyform PEM | openssl base64 | tr -- '+=/' '-_~' | tr -d \"\\n\""
)


def test_commands_make_key_certificate_one_line_and_sign_with_awss_pipeline() -> None:
    steps = proof.openssl_commands(ACCOUNT, CIDR, "20270131", today=TODAY)
    script = proof.commands_script(steps)
    assert "rsa_keygen_bits:2048" in steps[0].command
    assert "openssl req -new -x509 -key private-key.pem" in steps[1].command
    assert 'tr -d "\\n" < certificate.pem' in steps[2].command
    assert AWS_PIPELINE in steps[3].command
    assert "text_message='1|aws|123456789012|199.188.0.0/24|20270131|SHA256|RSAPSS'" in script
    assert "--signature @signature.txt --cert certificate.pem" in steps[4].command


def test_commands_never_send_the_private_key_anywhere() -> None:
    steps = proof.openssl_commands(ACCOUNT, CIDR, today=TODAY)
    verify_step = steps[-1].command
    assert verify_step.startswith("ses-byoip proof verify")
    assert "private-key" not in verify_step


def test_certificate_outlives_a_far_expiry() -> None:
    far = TODAY + timedelta(days=500)
    steps = proof.openssl_commands(ACCOUNT, CIDR, far, today=TODAY)
    assert "-days 530 " in steps[1].command
    near = proof.openssl_commands(ACCOUNT, CIDR, today=TODAY)
    assert f"-days {proof.CERTIFICATE_DAYS} " in near[1].command


# --- verification -----------------------------------------------------------------------


def test_valid_signature(identity: Identity) -> None:
    message = future_message()
    verdict = proof.verify_authorization(
        message, sign(identity.key, message), identity.cert_one_line, ACCOUNT, CIDR
    )
    assert verdict.ok, verdict.reason
    assert verdict.code == proof.VALID
    assert verdict.problems == ()
    assert verdict.certificate_sha256 == hashlib.sha256(identity.cert_der).hexdigest()
    assert verdict.message is not None and verdict.message.text == message


@pytest.mark.parametrize("form", ["pem", "one_line", "spaces", "der", "bytes_pem"])
def test_certificate_forms(identity: Identity, form: str) -> None:
    cert: str | bytes = {
        "pem": identity.cert_pem,
        "one_line": identity.cert_one_line,
        "spaces": identity.cert_pem.replace("\n", " "),
        "der": identity.cert_der,
        "bytes_pem": identity.cert_pem.encode(),
    }[form]
    message = future_message()
    assert proof.verify_authorization(message, sign(identity.key, message), cert).ok


def test_signature_wrapped_by_a_terminal_or_without_padding_still_reads(identity: Identity) -> None:
    message = future_message()
    signature = sign(identity.key, message)
    wrapped = "\n".join(signature[i : i + 64] for i in range(0, len(signature), 64)) + "\n"
    assert signature.endswith("__")
    assert proof.verify_authorization(message, wrapped, identity.cert_pem).ok
    assert proof.verify_authorization(message, signature.rstrip("_"), identity.cert_pem).ok


def test_tampered_message_is_a_bad_signature(identity: Identity) -> None:
    message = future_message()
    signature = sign(identity.key, message)
    tampered = message.replace("199.188.0.0/24", "199.188.1.0/24")
    verdict = proof.verify_authorization(tampered, signature, identity.cert_pem)
    assert not verdict.ok
    assert verdict.code == proof.BAD_SIGNATURE
    assert "changed after signing" in verdict.reason


def test_signature_from_another_key_is_a_bad_signature(
    identity: Identity, other_identity: Identity
) -> None:
    message = future_message()
    verdict = proof.verify_authorization(
        message, sign(other_identity.key, message), identity.cert_pem
    )
    assert verdict.code == proof.BAD_SIGNATURE
    assert "another key" in verdict.reason


def test_cut_signature_is_named(identity: Identity) -> None:
    message = future_message()
    short = sign(identity.key, message)[:-12]
    verdict = proof.verify_authorization(message, short, identity.cert_pem)
    assert verdict.code in (proof.MALFORMED_SIGNATURE, proof.BAD_SIGNATURE)
    assert not verdict.ok


def test_standard_alphabet_is_refused_but_said_to_be_right_otherwise(identity: Identity) -> None:
    message = future_message()
    standard = sign(identity.key, message, alphabet="standard")
    verdict = proof.verify_authorization(message, standard, identity.cert_pem)
    assert not verdict.ok
    assert verdict.code == proof.WRONG_ALPHABET
    assert "tr -- '+=/' '-_~'" in verdict.reason
    assert any("checks out" in note for note in verdict.notes)


def test_wrong_alphabet_with_a_wrong_key_says_both(
    identity: Identity, other_identity: Identity
) -> None:
    message = future_message()
    standard = sign(other_identity.key, message, alphabet="standard")
    verdict = proof.verify_authorization(message, standard, identity.cert_pem)
    assert verdict.codes[:2] == (proof.WRONG_ALPHABET, proof.BAD_SIGNATURE)


@pytest.mark.parametrize("signature", ["", "   ", "not base64 at all!", "abc$def"])
def test_garbage_signature_is_malformed(identity: Identity, signature: str) -> None:
    verdict = proof.verify_authorization(future_message(), signature, identity.cert_pem)
    assert verdict.code == proof.MALFORMED_SIGNATURE
    assert not verdict.ok


def test_wrong_account_and_range(identity: Identity) -> None:
    message = future_message()
    signature = sign(identity.key, message)
    verdict = proof.verify_authorization(
        message, signature, identity.cert_pem, "2109-8765-4321", "199.188.1.0/24"
    )
    assert verdict.codes == (proof.WRONG_ACCOUNT, proof.WRONG_RANGE)
    assert "210987654321" in verdict.reason
    assert proof.verify_authorization(
        message, signature, identity.cert_pem, "1234 5678 9012", CIDR
    ).ok  # the request's own spelling is normalised by the field rules


def test_special_purpose_range_in_a_message_is_named(identity: Identity) -> None:
    message = future_message(cidr="10.1.0.0/16")
    verdict = proof.verify_authorization(message, sign(identity.key, message), identity.cert_pem)
    assert verdict.code == proof.WRONG_RANGE
    assert "private address space" in verdict.reason


def test_expired_message(identity: Identity) -> None:
    message = future_message(days=10)
    signature = sign(identity.key, message)
    later = datetime.now(UTC) + timedelta(days=11)
    verdict = proof.verify_authorization(message, signature, identity.cert_pem, today=later)
    assert verdict.code == proof.EXPIRED_MESSAGE
    assert "expired on" in verdict.reason
    soon = proof.verify_authorization(message, signature, identity.cert_pem)
    assert soon.ok and any("expires in" in note for note in soon.notes)


def test_expired_certificate(rsa_key) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    old = Identity(
        rsa_key,
        self_signed(
            rsa_key, not_before=now - timedelta(days=400), not_after=now - timedelta(days=2)
        ),
    )
    message = future_message()
    verdict = proof.verify_authorization(message, sign(rsa_key, message), old.cert_pem)
    assert verdict.code == proof.EXPIRED_CERTIFICATE
    assert verdict.codes == (proof.EXPIRED_CERTIFICATE,)  # the signature itself is fine


def test_certificate_not_valid_yet(rsa_key) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    early = Identity(rsa_key, self_signed(rsa_key, not_before=now + timedelta(days=3)))
    message = future_message()
    verdict = proof.verify_authorization(message, sign(rsa_key, message), early.cert_pem)
    assert verdict.code == proof.CERTIFICATE_NOT_YET_VALID


def test_openssls_default_salt_and_a_trailing_newline_are_told_apart(identity: Identity) -> None:
    message = future_message()
    max_salt = sign(identity.key, message, salt_length=padding.PSS.MAX_LENGTH)
    verdict = proof.verify_authorization(message, max_salt, identity.cert_pem)
    assert verdict.code == proof.SALT_LENGTH
    assert "rsa_pss_saltlen:-1" in verdict.reason
    with_newline = sign(identity.key, message + "\n")
    verdict = proof.verify_authorization(message, with_newline, identity.cert_pem)
    assert verdict.code == proof.MESSAGE_NEWLINE


def test_message_pasted_with_a_line_end_still_verifies(identity: Identity) -> None:
    message = future_message()
    signature = sign(identity.key, message)
    assert proof.verify_authorization(message + "\r\n", signature, identity.cert_pem).ok


def test_private_key_given_as_the_certificate(identity: Identity) -> None:
    message = future_message()
    verdict = proof.verify_authorization(
        message, sign(identity.key, message), identity.key_pem().decode()
    )
    assert verdict.code == proof.MALFORMED_CERTIFICATE
    assert "private key" in verdict.reason


@pytest.mark.parametrize(
    "cert",
    ["", "hello", "-----BEGIN CERTIFICATE-----AAAA-----END CERTIFICATE-----", b"\x30\x03abc"],
)
def test_unreadable_certificates(identity: Identity, cert: str | bytes) -> None:
    message = future_message()
    verdict = proof.verify_authorization(message, sign(identity.key, message), cert)
    assert verdict.code == proof.MALFORMED_CERTIFICATE


def test_non_rsa_certificate(ec_identity: Identity) -> None:
    verdict = proof.verify_authorization(future_message(), "AAAA", ec_identity.cert_pem)
    assert proof.MALFORMED_CERTIFICATE in verdict.codes
    assert "RSA" in next(p.reason for p in verdict.problems if p.code == "malformed-certificate")


def test_malformed_message_still_checks_the_signature(identity: Identity) -> None:
    text = "hello"
    verdict = proof.verify_authorization(text, sign(identity.key, "other"), identity.cert_pem)
    assert verdict.codes == (proof.MALFORMED_MESSAGE, proof.BAD_SIGNATURE)


# --- record, registry, ROA --------------------------------------------------------------


def test_proof_table_survives_a_record_round_trip_and_is_checked_again(
    identity: Identity,
) -> None:
    message = future_message()
    signature = sign(identity.key, message)
    verdict = proof.verify_authorization(message, signature + "\n", identity.cert_pem)
    table = proof.proof_record(message, signature + "\n", verdict)
    assert table == {
        "message": message,
        "signature": signature,
        "certificate_sha256": verdict.certificate_sha256,
        "certificate": identity.cert_one_line,
    }
    record = Record.new(Request(account_id=ACCOUNT, ip_range=CIDR))
    from dataclasses import replace

    loaded = record_from_toml(record_to_toml(replace(record, proof=table)))
    assert loaded.proof == table
    assert proof.assess_proof(loaded.proof, ACCOUNT, CIDR).ok
    assert proof.assess_proof(loaded.proof, ACCOUNT, "199.188.1.0/24").code == proof.WRONG_RANGE


@pytest.mark.parametrize(
    ("table", "words"),
    [
        (None, "No signed"),
        ({"message": "m"}, "not signed"),
        ({"message": "m", "signature": "s"}, "certificate"),
    ],
)
def test_assess_incomplete_proof(table: dict[str, str] | None, words: str) -> None:
    verdict = proof.assess_proof(table)
    assert verdict.code == proof.INCOMPLETE and not verdict.ok
    assert words in verdict.reason


def test_verdict_findings_decide_the_proof_requirement(
    identity: Identity, other_identity: Identity
) -> None:
    message = future_message()
    good = proof.verify_authorization(message, sign(identity.key, message), identity.cert_pem)
    bad = proof.verify_authorization(message, sign(other_identity.key, message), identity.cert_pem)
    assert proof.verdict_findings(None) is None
    assert proof.verdict_findings(proof.assess_proof(None)) is None  # incomplete: not yet known
    assert [f.code for f in proof.verdict_findings(good) or []] == ["proof.valid"]
    findings = proof.verdict_findings(bad) or []
    assert [(f.severity, f.code) for f in findings] == [("error", f"proof.{bad.code}")]
    assert findings[0].message == bad.reason


def test_registry_certificates(identity: Identity, other_identity: Identity) -> None:
    message = future_message()
    signature = sign(identity.key, message)
    none = proof.check_registry_certificates([], message, signature)
    assert none.found == 0 and not none.ok
    assert "no certificate" in none.sentence
    other = proof.check_registry_certificates([other_identity.cert_one_line], message, signature)
    assert other.found == 1 and not other.ok
    assert "none verifies" in other.sentence
    both = proof.check_registry_certificates(
        [other_identity.cert_one_line, identity.cert_one_line], message, signature
    )
    assert both.ok and both.found == 2
    assert both.matching_sha256 == hashlib.sha256(identity.cert_der).hexdigest()
    unsigned = proof.check_registry_certificates([identity.cert_one_line])
    assert unsigned.found == 1 and not unsigned.ok and "sign the message" in unsigned.sentence


def test_registry_check_reads_one_line_pem_from_rdap_remarks(identity: Identity) -> None:
    message = future_message()
    document = {
        "objectClassName": "ip network",
        "remarks": [
            {
                "title": "Registration Comments",
                "description": ["Our network", identity.cert_one_line],
            }
        ],
    }
    check = proof.registry_certificate_check(document, message, sign(identity.key, message))
    assert check.ok


def test_same_fingerprint_accepts_openssls_form(identity: Identity) -> None:
    digest = hashlib.sha256(identity.cert_der).hexdigest()
    openssl_form = ":".join(digest[i : i + 2] for i in range(0, 64, 2)).upper()
    assert proof.same_fingerprint(digest, openssl_form)
    other = digest[:-1] + ("1" if digest[-1] == "0" else "0")
    assert not proof.same_fingerprint(digest, other)
    assert not proof.same_fingerprint("", "")


def test_roa_guidance() -> None:
    commercial = proof.roa_guidance("199.188.0.0/22", "eu-west-1")
    assert commercial.asns == (16509, 14618)
    assert commercial.max_length == 22
    assert "AS16509 and AS14618" in commercial.sentence and "/22" in commercial.sentence
    gov = proof.roa_guidance(CIDR, "us-gov-west-1")
    assert gov.asns == (8987,)
    unknown = proof.roa_guidance(CIDR)
    assert "AS8987" in unknown.sentence and "us-gov-" in unknown.sentence


def test_email_includes_a_verified_proof_only(identity: Identity) -> None:
    from dataclasses import replace

    from byoip.email_draft import build_email

    message = future_message()
    signature = sign(identity.key, message)
    verdict = proof.verify_authorization(message, signature, identity.cert_pem)
    record = Record.new(Request(account_id=ACCOUNT, region="eu-west-1", ip_range=CIDR))
    signed = replace(record, proof=proof.proof_record(message, signature, verdict))
    body = build_email(signed).body
    assert "Our signed authorization message is ready" in body
    assert f"   Message:   {message}\n" in body
    assert f"   Signature: {signature}\n" in body
    assert verdict.certificate_sha256 in body

    tampered = dict(signed.proof or {}, message=message.replace("|SHA256", "|SHA256 "))
    assert (
        "signed authorization message is ready"
        not in build_email(replace(record, proof=tampered)).body
    )
    assert "is ready" not in build_email(record).body


@given(st.binary(min_size=1, max_size=512))
def test_aws_alphabet_round_trip(raw: bytes) -> None:
    text = proof.signature_to_aws(raw)
    assert not set(text) & set("+/=")
    assert proof.decode_signature(text) == raw


def test_certificate_split_over_several_remark_lines(identity: Identity) -> None:
    """Registry forms limit line length: the certificate may arrive in pieces."""
    message = future_message()
    body = identity.cert_pem.splitlines()[1:-1]
    lines = ["-----BEGIN CERTIFICATE-----", *body, "-----END CERTIFICATE-----"]
    document = {"remarks": [{"title": "descr", "description": ["Mail servers", *lines]}]}
    check = proof.registry_certificate_check(document, message, sign(identity.key, message))
    assert check.found == 1 and check.ok


def test_certificate_broken_anywhere_is_still_found(identity: Identity) -> None:
    one_line = identity.cert_one_line
    for width in (7, 50, 70, 76):  # some of these cut through the BEGIN/END markers
        pieces = [one_line[i : i + width] for i in range(0, len(one_line), width)]
        found = proof.certificates_in_text("\n".join(pieces))
        assert len(found) == 1
        assert proof.load_certificate(found[0]).serial_number == identity.certificate.serial_number


def test_a_day_counts_whole_for_the_certificate(rsa_key) -> None:  # type: ignore[no-untyped-def]
    """The app checks on its clock's date: a certificate made minutes ago is valid today."""
    now = datetime.now(UTC)
    fresh = Identity(rsa_key, self_signed(rsa_key, not_before=now - timedelta(seconds=5)))
    message = future_message()
    signature = sign(rsa_key, message)
    assert proof.verify_authorization(message, signature, fresh.cert_pem, today=now.date()).ok
    tomorrow = Identity(rsa_key, self_signed(rsa_key, not_before=now + timedelta(days=1)))
    early = proof.verify_authorization(message, signature, tomorrow.cert_pem, today=now.date())
    assert early.code == proof.CERTIFICATE_NOT_YET_VALID


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.text(max_size=400), st.one_of(st.text(max_size=300), st.binary()))
def test_verify_never_raises_on_any_input(message: str, signature: str, cert: str | bytes) -> None:
    verdict = proof.verify_authorization(message, signature, cert, ACCOUNT, CIDR)
    assert not verdict.ok
    assert verdict.reason and verdict.code in {p.code for p in verdict.problems}


def test_assess_inputs_names_the_next_missing_piece_then_verifies(identity: Identity) -> None:
    message = future_message()
    signature = sign(identity.key, message)
    cert = identity.cert_pem

    def code_and_reason(*args: str, **kwargs: str) -> tuple[str, str]:
        verdict = proof.assess_inputs(*args, **kwargs)  # type: ignore[arg-type]
        return verdict.code, verdict.reason

    assert code_and_reason("", signature, cert, missing_message="fix the range") == (
        proof.INCOMPLETE,
        "fix the range",
    )
    assert code_and_reason(message, signature, "", certificate_problem="no such file") == (
        proof.INCOMPLETE,
        "no such file",
    )
    assert "not signed" in code_and_reason(message, "  ", cert)[1]
    assert "certificate file" in code_and_reason(message, signature, "")[1]
    assert proof.assess_inputs(message, signature, cert).ok
    # A saved table goes through the same rule.
    table = {"message": message, "signature": signature, "certificate": cert}
    assert proof.assess_proof(table).ok
    assert proof.assess_proof({**table, "signature": ""}).code == proof.INCOMPLETE
