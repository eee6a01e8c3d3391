"""Review and export: the TOML record and the email side by side, read-only.

Keys export ``.toml``, ``.eml`` and ``.txt`` into a folder the person picks
(and say which paths were written), copy the email to the clipboard, or show
the ``mailto:`` link.  Sending stays with the person's mail client.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static, TextArea

from byoip.atomic import atomic_write_bytes, atomic_write_text
from byoip.email_draft import build_email, mailto_link, reply_reminder, to_eml
from byoip.record import record_to_toml
from byoip.session.readiness import Readiness
from byoip.text import clean_text
from byoip.tui import DIALOGS_CSS
from byoip.tui.widgets.clean_text_area import CleanTextArea
from byoip.tui.widgets.outstanding import outstanding_table


def email_as_text(draft: Any) -> str:
    """The email as plain text, ready to paste into a mail client."""
    return f"To: {draft.to}\nSubject: {draft.subject}\n\n{draft.body}"


def export_stem(record: Any) -> str:
    """A file name that says what the request is (account and range), safe on every system."""
    request = record.request
    parts = ["ses-byoip"]
    if request.account_id:
        parts.append(request.account_id)
    if request.ip_range:
        parts.append(request.ip_range.replace("/", "_"))
    stem = "-".join(parts)
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)


def export_files(record: Any, draft: Any, folder: Path) -> list[Path]:
    """Write the record (.toml), the email (.eml) and the email as text (.txt); never overwrite."""

    folder = folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    stem = export_stem(record)
    candidate, number = stem, 1
    while any((folder / f"{candidate}{ext}").exists() for ext in (".toml", ".eml", ".txt")):
        number += 1
        candidate = f"{stem}-{number}"
    toml_path = folder / f"{candidate}.toml"
    eml_path = folder / f"{candidate}.eml"
    txt_path = folder / f"{candidate}.txt"
    atomic_write_text(toml_path, record_to_toml(record))
    atomic_write_bytes(eml_path, to_eml(draft))
    atomic_write_text(txt_path, email_as_text(draft))
    return [toml_path, eml_path, txt_path]


class FolderPrompt(ModalScreen[Path | None]):
    """Ask which folder to export into."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Don't export")]

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="folder-dialog", classes="dialog"):
            yield Label("Export the .toml, .eml and .txt files into this folder:")
            yield Input(str(self.default), id="folder-input", select_on_focus=False)
            yield Static("Enter exports; escape cancels. The folder is created if needed.")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.dismiss(Path(text) if text else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportQuestion(ModalScreen[bool]):
    """Export while requirements are unmet or unknown?  It asks, it never refuses."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS = [
        Binding("escape,n", "cancel", "Cancel", id="export.question.no", tooltip="Don't export"),
        Binding("y", "confirm", "Export anyway", id="export.question.yes", tooltip="Export"),
    ]

    def __init__(self, readiness: Readiness) -> None:
        super().__init__()
        self.readiness = readiness

    def compose(self) -> ComposeResult:

        outstanding = outstanding_table([*self.readiness.unmet, *self.readiness.unknown])
        with Vertical(id="export-question", classes="dialog"):
            yield Static("Export a request that is not ready?", classes="dialog-title")
            yield Static(Text(clean_text(self.readiness.headline(), 300)), id="question-headline")
            with VerticalScroll(id="question-list"):
                yield Static(outstanding, id="question-items")
            # Docked: on a small terminal the list scrolls and the buttons stay in view.
            with Vertical(id="question-footer"):
                yield Static(
                    "AWS may turn the request down until these are met. You can export the "
                    "files now and finish the rest later.",
                    classes="dialog-hint",
                )
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Export anyway (y)", id="question-yes", variant="warning")
                    yield Button("Cancel (n)", id="question-no")

    def on_mount(self) -> None:
        self.query_one("#question-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "question-yes")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class ExportScreen(Screen[None]):
    """The record and the email, read-only, with the keys that export them."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding(
            "e",
            "export",
            "Export files",
            id="export.files",
            tooltip="Write .toml, .eml and .txt into a folder you pick.",
        ),
        Binding(
            "c",
            "copy_email",
            "Copy email",
            id="export.copy",
            tooltip="Copy the email (To, Subject, body) to the clipboard.",
        ),
        Binding(
            "m",
            "mailto",
            "mailto: link",
            id="export.mailto",
            tooltip="Show the mailto: link that opens the email in your mail client.",
        ),
        Binding("escape", "back", "Back", id="export.back", tooltip="Back to the wizard."),
    ]

    def __init__(
        self,
        record: Any,
        *,
        clock: Callable[[], datetime] | None = None,
        default_folder: Path | None = None,
        readiness: Readiness | None = None,
    ) -> None:
        """``readiness``: what is unmet or unknown, asked about before files are written."""
        super().__init__()
        self.readiness = readiness

        self.record = record
        now = clock() if clock else None
        try:  # the config file's sender, for a record that names none
            settings = getattr(self.app, "settings", None)
        except Exception:  # no running app (a screen built on its own)
            settings = None
        self.draft = build_email(
            record,
            now=now,
            sender_name=getattr(settings, "sender_name", None),
            sender_organization=getattr(settings, "sender_organization", None),
        )
        self.reminder = reply_reminder(now)
        self.toml = record_to_toml(record)
        self.mailto = mailto_link(self.draft)
        self.default_folder = default_folder
        self.written: list[Path] = []

    @classmethod
    def for_session(cls, session: Any, clock: Callable[[], datetime]) -> ExportScreen:
        """The wizard's record, with what is still unmet or unknown about it."""
        return cls(session.build_record(), clock=clock, readiness=session.readiness())

    def compose(self) -> ComposeResult:
        yield Header()
        if self.readiness is not None and not self.readiness.ready:
            yield Static(
                Text(clean_text(self.readiness.headline(), 300) + " e asks before exporting."),
                id="export-readiness",
            )
        with Horizontal(id="export-body"):
            with Vertical(classes="export-pane"):
                yield Static("Record (TOML)", classes="pane-title")
                # What the files hold, shown without the controls a draft may smuggle in.
                yield CleanTextArea(self.toml, read_only=True, id="export-toml", soft_wrap=True)
            with Vertical(classes="export-pane"):
                yield Static(f"Email to {self.draft.to}", classes="pane-title", markup=False)
                yield CleanTextArea(
                    email_as_text(self.draft), read_only=True, id="export-email", soft_wrap=True
                )
        yield Static(self.reminder, id="export-reminder", markup=False)
        yield Static(
            "e exports the files · c copies the email · m shows the mailto: link",
            id="export-status",
            markup=False,
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-email", TextArea).focus()

    def _status(self, text: str) -> None:
        self.query_one("#export-status", Static).update(Text(text))

    def action_export(self) -> None:
        if self.app.is_web:
            # Served to a browser (ses-byoip serve): a folder typed here would be on the
            # server's disk, not the visitor's, and no visitor may pick where the host writes.
            self._status(
                "The browser tour exports no files: c copies the email, m shows the mailto: "
                "link. To export, run ses-byoip on your own computer."
            )
            return
        if self.readiness is not None and not self.readiness.ready:
            self.app.push_screen(ExportQuestion(self.readiness), self._answered)
        else:
            self._ask_folder()

    def _answered(self, export_anyway: bool | None) -> None:
        if export_anyway:
            self._ask_folder()
        else:
            self._status("Nothing exported.")

    def _ask_folder(self) -> None:
        folder = self.default_folder or Path.cwd()
        self.app.push_screen(FolderPrompt(folder), self._export_to)

    def _export_to(self, folder: Path | None) -> None:
        if folder is None:
            self._status("Nothing exported.")
            return
        try:
            self.written = export_files(self.record, self.draft, folder)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self._status(f"✖ Could not export into {clean_text(str(folder), 200)}: {reason}.")
            self.notify(f"Could not export: {reason}.", severity="error")
            return
        self.default_folder = folder
        where = clean_text(str(self.written[0].parent), 300)
        listed = "\n".join(f"  {clean_text(p.name, 200)}" for p in self.written)
        self._status(f"✔ Written to {where}:\n{listed}")
        self.notify(f"{len(self.written)} files written to {folder}.", title="Exported")

    def action_copy_email(self) -> None:
        self.app.copy_to_clipboard(email_as_text(self.draft))
        self._status(
            "✔ The email is on the clipboard (terminals without clipboard support ignore this; "
            "export the .txt instead)."
        )

    def action_mailto(self) -> None:
        self._status(clean_text(self.mailto, max_chars=2000))

    def action_back(self) -> None:
        self.dismiss(None)
