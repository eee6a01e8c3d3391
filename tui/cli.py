"""``ses-byoip``: the headless commands plus the ones that open the app."""

from __future__ import annotations

from byoip.cli import build_cli

#: UI commands: name -> "module:attribute" (imported only when used).
UI_COMMANDS: dict[str, str] = {
    "new": "byoip.tui.commands:new",
    "open": "byoip.tui.commands:open_record",
    "drafts": "byoip.tui.commands:drafts",
    "demo": "byoip.tui.commands:demo",
    "serve": "byoip.tui.commands:serve",
}

main = build_cli(UI_COMMANDS, default_command="new")
