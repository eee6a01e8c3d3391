"""F1: help on the current step, from ``byoip.help``: AWS's words quoted, ours marked as ours.

The dialog is as tall as its content (up to most of the screen, then it scrolls).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from byoip.help import SES_GUIDE, HelpSection, StepHelp, step_help
from byoip.tui import DIALOGS_CSS


def _quote(text: str, source: str) -> str:
    return f"> “{text}”\n>\n> — AWS, *{source}*"


def _ours(why: str, checks: str, if_it_fails: str) -> str:
    return (
        f"- **Why it matters** *(ours)*: {why}\n"
        f"- **What ses-byoip checks** *(ours)*: {checks}\n"
        f"- **If it fails** *(ours)*: {if_it_fails}"
    )


def _section_markdown(section: HelpSection) -> str:
    parts = [f"## {section.title}"]
    if section.aws_quote is not None:
        parts.append(_quote(section.aws_quote, section.source))
    else:
        parts.append(f"*Our summary — this rule is not on the SES page:* {section.our_summary}")
    parts.append(_ours(section.why, section.checks, section.if_it_fails))
    return "\n\n".join(parts)


def help_markdown(help_: StepHelp | str) -> str:
    """The step's help as Markdown (``help_`` may be a step id)."""
    if isinstance(help_, str):
        help_ = step_help(help_)
    parts = [
        _quote(help_.asks, SES_GUIDE),
        _ours(help_.why, help_.checks, help_.if_it_fails),
    ]
    parts += [_section_markdown(section) for section in help_.sections]
    return "\n\n".join(parts)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = DIALOGS_CSS
    BINDINGS = [
        Binding("escape,f1,q", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, step: str) -> None:
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        title = step_help(self.step).title
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(f"Help: {title}", classes="dialog-title", markup=False)
            with VerticalScroll(id="help-scroll"):
                yield Markdown(help_markdown(self.step), id="help-text")
            yield Static("escape closes the help · ↑↓ scroll", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
