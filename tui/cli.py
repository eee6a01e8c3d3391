"""``ses-byoip``: the headless commands plus the ones that open the app."""

from __future__ import annotations

from byoip.cli import LazyCommand, build_cli

#: UI commands, imported only when used (their summaries: see ``LazyCommand``).
UI_COMMANDS: dict[str, LazyCommand] = {
    "new": LazyCommand(
        "byoip.tui.commands:new", "Open the wizard on a new request (the default command)."
    ),
    "open": LazyCommand("byoip.tui.commands:open_record", "Open a saved record in the wizard."),
    "drafts": LazyCommand("byoip.tui.commands:drafts", "Review the saved drafts in a table."),
    "demo": LazyCommand(
        "byoip.tui.commands:demo",
        "Tour the requirements offline with sample requests (writes nothing).",
    ),
    "serve": LazyCommand(
        "byoip.tui.commands:serve",
        "Serve the requirements tour (the demo) to browsers, one session per tab.",
    ),
}

main = build_cli(UI_COMMANDS, default_command="new")
