"""The proof step on its own, in a small test App driven by Pilot."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from byoip import proof as rules
from byoip.screens.wizard_proof import ProofStep
from tests.support.fixtures_proof import ACCOUNT, CIDR, Identity, sign

SIZE = (110, 70)


def in_app(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test in its own event loop (no pytest-asyncio plugin here)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


class StepApp(App[None]):
    def __init__(self, step: ProofStep) -> None:
        super().__init__()
        self.step = step
        self.changes: list[ProofStep.Changed] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield self.step

    def on_proof_step_changed(self, event: ProofStep.Changed) -> None:
        self.changes.append(event)


def text_of(app: App[Any], selector: str) -> str:
    return str(app.query_one(selector, Static).render())


async def type_into(pilot: Any, selector: str, value: str) -> None:
    app = pilot.app
    field = app.query_one(selector, Input)
    field.value = value
    await pilot.pause()


@in_app
async def test_message_commands_and_roa_are_shown() -> None:
    app = StepApp(ProofStep("1234-5678-9012", CIDR, None, region="us-gov-west-1"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        expected = rules.authorization_message(ACCOUNT, CIDR)
        assert text_of(app, "#proof-message") == expected
        commands = text_of(app, "#proof-commands")
        assert "rsa_pss_saltlen:-1" in commands and expected in commands
        assert "AS8987" in text_of(app, "#proof-roa")
        assert app.changes and app.changes[-1].verdict.code == rules.INCOMPLETE
        assert app.changes[-1].proof == {"message": expected}


@in_app
async def test_copy_message_key_and_button() -> None:
    app = StepApp(ProofStep(ACCOUNT, CIDR, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.query_one("#proof-signature", Input).focus()  # the key works from inside the step
        await pilot.press("ctrl+y")
        assert app.clipboard == text_of(app, "#proof-message")
        app.copy_to_clipboard("")
        await pilot.click("#proof-copy")
        assert app.clipboard.startswith("1|aws|123456789012|")
        await pilot.click("#proof-copy-commands")
        assert "openssl dgst -sha256" in app.clipboard


@in_app
async def test_live_verdict_and_record_table(tmp_path: Path, identity: Identity) -> None:
    _, cert_path = identity.write(tmp_path)
    app = StepApp(ProofStep(ACCOUNT, CIDR, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        message = text_of(app, "#proof-message")
        await type_into(pilot, "#proof-signature", sign(identity.key, message))
        assert "certificate file" in text_of(app, "#proof-verdict")
        await type_into(pilot, "#proof-cert", str(tmp_path / "nothing.pem"))
        assert "does not exist" in text_of(app, "#proof-verdict")
        await type_into(pilot, "#proof-cert", str(cert_path))
        assert text_of(app, "#proof-verdict").startswith("✔ The signature is valid")
        last = app.changes[-1]
        assert last.verdict.ok
        assert last.proof["message"] == message
        assert last.proof["certificate_sha256"] == last.verdict.certificate_sha256
        assert last.proof["certificate"] == identity.cert_one_line
        # A different expiry makes a different message: the old signature no longer fits.
        later = (datetime.now(UTC).date() + timedelta(days=120)).strftime("%Y%m%d")
        await type_into(pilot, "#proof-expires", later)
        assert f"|{later}|" in text_of(app, "#proof-message")
        assert app.changes[-1].verdict.code == rules.BAD_SIGNATURE
        assert text_of(app, "#proof-verdict").startswith("✖ ")


@in_app
async def test_past_expiry_is_refused_in_the_message_area() -> None:
    app = StepApp(ProofStep(ACCOUNT, CIDR, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_into(pilot, "#proof-expires", "20200101")
        assert "not in the future" in text_of(app, "#proof-message")
        assert app.changes[-1].verdict.code == rules.INCOMPLETE
        app.query_one("#proof-expires", Input).focus()
        await pilot.press("ctrl+y")
        assert app.clipboard == ""


@in_app
async def test_invalid_request_fields_are_explained() -> None:
    app = StepApp(ProofStep("123", CIDR, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "12 digits" in text_of(app, "#proof-message")
        assert "can't be made yet" in text_of(app, "#proof-verdict")


@in_app
async def test_saved_proof_is_checked_again_without_the_file(identity: Identity) -> None:
    expires = datetime.now(UTC).date() + timedelta(days=30)
    message = f"1|aws|{ACCOUNT}|{CIDR}|{expires:%Y%m%d}|SHA256|RSAPSS"
    saved = {
        "message": message,
        "signature": sign(identity.key, message),
        "certificate": identity.cert_one_line,
        "certificate_sha256": "kept",
    }
    app = StepApp(ProofStep(ACCOUNT, CIDR, saved))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text_of(app, "#proof-message") == message  # its own expiry kept
        assert app.query_one("#proof-expires", Input).value == f"{expires:%Y%m%d}"
        assert app.changes[-1].verdict.ok
        assert app.changes[-1].proof["certificate"] == identity.cert_one_line


@in_app
async def test_saved_proof_for_another_range_is_not_reused(identity: Identity) -> None:
    expires = datetime.now(UTC).date() + timedelta(days=30)
    old = f"1|aws|{ACCOUNT}|199.188.1.0/24|{expires:%Y%m%d}|SHA256|RSAPSS"
    saved = {"message": old, "signature": sign(identity.key, old)}
    app = StepApp(ProofStep(ACCOUNT, CIDR, saved))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert CIDR in text_of(app, "#proof-message")
        assert "199.188.1.0/24" not in text_of(app, "#proof-message")
        assert app.query_one("#proof-signature", Input).value == ""  # it signed the old one


@in_app
async def test_untrusted_text_is_shown_literally(identity: Identity) -> None:
    app = StepApp(ProofStep(ACCOUNT, CIDR, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_into(pilot, "#proof-cert", "[bold red]x[/]\x1b[31m.pem")
        verdict = text_of(app, "#proof-verdict")
        assert "[bold red]x[/]" in verdict  # not taken as markup
        assert "\x1b" not in verdict


@in_app
async def test_registry_certificate_line(identity: Identity, other_identity: Identity) -> None:
    app = StepApp(ProofStep(ACCOUNT, CIDR, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        message = text_of(app, "#proof-message")
        await type_into(pilot, "#proof-signature", sign(identity.key, message))
        document = {"remarks": [{"description": [other_identity.cert_one_line]}]}
        app.step.set_registry(document)
        await pilot.pause()
        assert "none verifies" in text_of(app, "#proof-registry")
        document["remarks"].append({"description": [identity.cert_one_line]})
        app.step.set_registry(document)
        await pilot.pause()
        assert text_of(app, "#proof-registry").startswith("✔ The registry record carries the")


@in_app
async def test_registry_given_at_construction_and_a_failed_lookup(identity: Identity) -> None:
    document = {"remarks": [{"description": [identity.cert_one_line]}]}
    app = StepApp(ProofStep(ACCOUNT, CIDR, None, rdap=document))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "sign the message to check" in text_of(app, "#proof-registry")
        app.step.set_registry(SimpleNamespace(ok=False, certificates=()))
        await pilot.pause()
        assert "lookup failed" in text_of(app, "#proof-registry")
        app.step.set_registry(None)
        await pilot.pause()
        assert text_of(app, "#proof-registry") == ""
