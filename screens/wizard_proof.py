"""The proof-of-ownership step: the message to sign, the commands, and a live verdict.

Every decision (the message, the commands, what makes a signature valid, the
ROA guidance) is made in ``byoip.proof``; this widget only shows it and posts
``ProofStep.Changed`` when the verdict changes. What the person pastes is shown
literally (``markup=False`` / ``rich.text.Text``), never as markup.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from byoip import proof as rules
from byoip.text import clean_text

#: Verdict code -> the symbol in front of the verdict line (colour is never the only signal).
_VERDICT_MARK = {rules.VALID: "✔", rules.INCOMPLETE: "…"}


def verdict_text(verdict: rules.ProofVerdict) -> Text:
    """The verdict as the step shows it; every part may come from a draft, so all cleaned."""
    mark = _VERDICT_MARK.get(verdict.code, "✖")
    text = Text(f"{mark} {clean_text(verdict.reason, 400)}")
    for problem in verdict.problems[1:]:
        text.append(f"\n  Also: {clean_text(problem.reason, 400)}")
    for note in verdict.notes:
        text.append(f"\n  Note: {clean_text(note, 400)}")
    if verdict.certificate_sha256:
        text.append(f"\n  Certificate SHA-256: {clean_text(verdict.certificate_sha256, 80)}")
    return text


class ProofStep(Vertical):
    """``ProofStep(account_id, ip_range, proof)``; posts ``ProofStep.Changed(proof, verdict)``."""

    DEFAULT_CSS = """
    ProofStep { height: auto; }
    ProofStep .proof-heading { text-style: bold; padding: 1 1 0 1; width: 100%; }
    ProofStep .proof-text { padding: 0 1; height: auto; }
    ProofStep #proof-message { background: $boost; }
    ProofStep #proof-commands { color: $text-muted; }
    ProofStep .proof-row { height: auto; }
    ProofStep .proof-row > Label { padding: 1 1 0 1; }
    ProofStep #proof-expires { width: 14; }
    ProofStep #proof-copy, ProofStep #proof-copy-commands { margin: 0 1; }
    ProofStep #proof-verdict { padding: 1 1 0 1; height: auto; }
    ProofStep #proof-verdict.-ok { color: $text-success; }
    ProofStep #proof-verdict.-bad { color: $text-error; }
    ProofStep #proof-registry { padding: 0 1; height: auto; color: $text-muted; }
    """

    BINDINGS = [
        Binding(
            "ctrl+y",
            "copy_message",
            "Copy message",
            id="proof.copy_message",
            tooltip="Copy the authorization message to the clipboard, ready to sign.",
        ),
    ]

    class Changed(Message):
        """The verdict (or what it was made from) changed."""

        def __init__(self, step: ProofStep, proof: dict[str, str], verdict: Any) -> None:
            super().__init__()
            self.step = step
            #: The record's ``[proof]`` table (message, signature, certificate sha256, certificate).
            self.proof = proof
            #: ``byoip.proof.ProofVerdict``.
            self.verdict = verdict

        @property
        def control(self) -> ProofStep:
            return self.step

    def __init__(
        self,
        account_id: str,
        ip_range: str,
        proof: dict[str, Any] | None = None,
        *,
        region: str | None = None,
        today: date | None = None,
        rdap: Any | None = None,
        routing: Any | None = None,
        routing_off: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id or "proof-step")
        self.account_id = account_id
        self.ip_range = ip_range
        self.ses_region = region
        self.saved = dict(proof or {})
        self.today = today
        #: The routing check's answer (``byoip.routing.RoutingResult``), None until it comes.
        self.routing = routing
        #: Why no routing answer will come (the check is turned off), or None.
        self.routing_off = routing_off
        self.message_text = ""
        self.message_problem = ""
        self.verdict: rules.ProofVerdict = rules.incomplete_verdict("Nothing to check yet.")
        self.proof: dict[str, str] = {}
        self._last_posted: tuple[Any, ...] | None = None
        self._registry_certificates: list[Any] | None = None
        self._registry_failed = False
        if rdap is not None:
            self.set_registry(rdap)

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label("1. The message to sign", classes="proof-heading")
        yield Static("", id="proof-message", classes="proof-text", markup=False)
        # Two short rows, not one long one: at 120 columns the middle column is ~47 cells,
        # and a label, the date and the button side by side ran under the side panel.
        with Horizontal(classes="proof-row"):
            yield Label("Expires")
            yield Input(
                self._initial_expiry(),
                placeholder="YYYYMMDD",
                id="proof-expires",
                tooltip="When the message expires, YYYYMMDD (90 days ahead by default).",
            )
        yield Button("Copy message", id="proof-copy", tooltip="Copy the message (ctrl+y).")
        yield Label("2. Run these on your own machine", classes="proof-heading")
        yield Static("", id="proof-commands", classes="proof-text", markup=False)
        yield Button("Copy commands", id="proof-copy-commands")
        yield Label("3. Paste the signature and give the certificate", classes="proof-heading")
        # A saved signature only belongs to the saved message (same account and range).
        saved_signature = self.saved.get("signature", "") if self._saved_message() else ""
        yield Input(
            # From the draft (untrusted): an editor shows nothing a terminal would obey.
            clean_text(saved_signature, 8192),
            placeholder="signature (the contents of signature.txt)",
            id="proof-signature",
        )
        yield Input(placeholder="certificate file, e.g. ~/byoip/certificate.pem", id="proof-cert")
        yield Static("", id="proof-verdict", markup=False)
        yield Static("", id="proof-registry", markup=False)
        yield Label("4. Route origin authorization (ROA)", classes="proof-heading")
        yield Static("", id="proof-roa", classes="proof-text", markup=False)

    def on_mount(self) -> None:
        self._refresh_message()
        self.show_routing(self.routing)
        self._check()

    def show_routing(self, result: Any | None) -> None:
        """The ROA to create (prefix, ASNs, max length) with the live verdict per ASN."""
        # Deferred: byoip.routing loads the HTTP stack; only when its answer is shown.
        from byoip.routing.render import roa_text

        self.routing = result
        sentence = rules.roa_guidance(self.ip_range, self.ses_region).sentence
        text = Text(clean_text(sentence, 400) + "\n")
        text.append_text(roa_text(self.ip_range, self.ses_region, result, self.routing_off))
        self.query_one("#proof-roa", Static).update(text)

    def _initial_expiry(self) -> str:
        # A saved message for this same account and range keeps its own expiry.
        saved = self._saved_message()
        if saved is not None:
            return f"{saved.expires:%Y%m%d}"
        return f"{rules.default_expiry(self.today):%Y%m%d}"

    def _saved_message(self) -> rules.AuthorizationMessage | None:
        try:
            parsed = rules.parse_authorization_message(str(self.saved.get("message", "")))
        except rules.ProofError:
            return None
        if not rules.names_request(parsed, self.account_id, self.ip_range):
            return None
        return parsed

    # --- the message and the commands -------------------------------------------------------

    def _refresh_message(self) -> None:
        expires = self.query_one("#proof-expires", Input).value.strip()
        saved = self._saved_message()
        message = self.query_one("#proof-message", Static)
        commands = self.query_one("#proof-commands", Static)
        if saved is not None and expires == f"{saved.expires:%Y%m%d}":
            # Kept as signed, even if it has expired since (the verdict says so).
            self.message_text, self.message_problem = saved.text, ""
        else:
            try:
                self.message_text = rules.authorization_message(
                    self.account_id, self.ip_range, expires or None, today=self.today
                )
                self.message_problem = ""
            except rules.ProofError as exc:
                self.message_text, self.message_problem = "", str(exc)
        if self.message_text:
            message.update(Text(self.message_text))
            steps = rules.commands_for(
                rules.parse_authorization_message(self.message_text), today=self.today
            )
            commands.update(Text(rules.commands_script(steps)))
        else:
            message.update(Text(f"✖ {clean_text(self.message_problem, 400)}"))
            commands.update(Text("The commands appear once the message can be made."))

    # --- the verdict ------------------------------------------------------------------------

    def _certificate(self) -> tuple[bytes | str | None, str | None]:
        """The certificate to check with, or (None, sentence why not)."""
        path = self.query_one("#proof-cert", Input).value.strip()
        if path:
            try:
                return rules.read_input_file(path, "certificate"), None
            except rules.ProofError as exc:
                return None, str(exc)
        if self.saved.get("certificate"):
            return str(self.saved["certificate"]), None
        return None, None

    def _check(self) -> None:
        signature = self.query_one("#proof-signature", Input).value
        certificate, why_not = self._certificate()
        verdict = rules.assess_inputs(
            self.message_text,
            signature,
            certificate,
            missing_message="The message can't be made yet: fix the account ID and IP range first.",
            certificate_problem=why_not,
            account_id=self.account_id,
            cidr=self.ip_range,
            today=self.today,
        )
        self.verdict = verdict
        self.proof = self._proof_table(signature, verdict)
        self._show_verdict()
        self._show_registry()
        key = (verdict.ok, verdict.code, verdict.reason, tuple(sorted(self.proof.items())))
        if key != self._last_posted:
            self._last_posted = key
            self.post_message(self.Changed(self, dict(self.proof), verdict))

    def _proof_table(self, signature: str, verdict: rules.ProofVerdict) -> dict[str, str]:
        table = rules.proof_record(self.message_text, signature, verdict)
        if "certificate" not in table and self.saved.get("certificate"):
            # No certificate checked this time: keep what the draft had.
            for key in ("certificate", "certificate_sha256"):
                if self.saved.get(key):
                    table[key] = str(self.saved[key])
        return table

    def _show_verdict(self) -> None:
        verdict = self.verdict
        line = self.query_one("#proof-verdict", Static)
        line.update(verdict_text(verdict))
        line.set_class(verdict.ok, "-ok")
        line.set_class(not verdict.ok and verdict.code != rules.INCOMPLETE, "-bad")

    # --- the registry (optional: the wizard passes the RDAP result when it has one) ---------

    def set_registry(self, rdap: Any) -> None:
        """Say whether the range's RDAP remarks carry the certificate that verifies.

        ``rdap``: the wizard's ``RdapResult`` (or the RDAP JSON); None hides the line.
        Safe to call before the step is mounted.
        """
        # Deferred: byoip.rdap loads the HTTP stack; only when a registration answer is shown.
        from byoip.rdap.parse import certificates_in_remarks

        self._registry_failed = rdap is not None and getattr(rdap, "ok", True) is False
        if rdap is None or self._registry_failed:
            self._registry_certificates = None
        else:
            self._registry_certificates = certificates_in_remarks(rdap)
        if self.is_mounted:
            self._show_registry()

    def _show_registry(self) -> None:
        line = self.query_one("#proof-registry", Static)
        if self._registry_failed:
            line.update(
                Text("i The registry lookup failed, so its certificate can't be checked yet.")
            )
            return
        if self._registry_certificates is None:
            line.update("")
            return
        signature = self.query_one("#proof-signature", Input).value
        check = rules.check_registry_certificates(
            self._registry_certificates, self.message_text or None, signature or None
        )
        line.update(Text(("✔ " if check.ok else "i ") + clean_text(check.sentence, 400)))

    # --- events -----------------------------------------------------------------------------

    @on(Input.Changed, "#proof-expires")
    def _expiry_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh_message()
        self._check()

    @on(Input.Changed, "#proof-signature, #proof-cert")
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._check()

    @on(Input.Submitted, "#proof-expires, #proof-signature, #proof-cert")
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter checks again (a certificate file may have been made since).
        self._check()

    @on(Button.Pressed, "#proof-copy")
    def _copy_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_copy_message()

    @on(Button.Pressed, "#proof-copy-commands")
    def _copy_commands_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.message_text:
            steps = rules.commands_for(
                rules.parse_authorization_message(self.message_text), today=self.today
            )
            self.app.copy_to_clipboard(rules.commands_script(steps))
            self.notify("Commands copied to the clipboard.")

    def action_copy_message(self) -> None:
        if not self.message_text:
            self.notify(clean_text(self.message_problem, 300), severity="error")
            return
        self.app.copy_to_clipboard(self.message_text)
        self.notify("Message copied to the clipboard.")
