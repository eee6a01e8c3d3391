"""``ses-byoip --help`` lists every command without importing them (byoip/cli LazyCommand).

The summaries are written twice, in the lazy command table and in each command's own
help; these tests keep them equal, so ``--help`` reads exactly as click would print it
after importing every command.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from byoip.cli import CORE_COMMANDS, LazyCommand
from byoip.tui.cli import UI_COMMANDS, main

ALL_COMMANDS: dict[str, LazyCommand] = {**CORE_COMMANDS, **UI_COMMANDS}


def _imported(lazy: LazyCommand) -> click.Command:
    module_name, attribute = lazy.target.split(":")
    command = getattr(importlib.import_module(module_name), attribute)
    assert isinstance(command, click.Command)
    return command


@pytest.mark.parametrize("name", sorted(ALL_COMMANDS))
@pytest.mark.parametrize("limit", [20, 45, 62, 200])
def test_each_summary_is_the_commands_own_short_help(name: str, limit: int) -> None:
    lazy = ALL_COMMANDS[name]
    stand_in = click.Command(name, help=lazy.summary)
    assert stand_in.get_short_help_str(limit) == _imported(lazy).get_short_help_str(limit)


def test_help_reads_as_click_prints_it_with_every_command_imported() -> None:
    shown = CliRunner().invoke(main, ["--help"], terminal_width=80)
    assert shown.exit_code == 0, shown.output
    # The same group with the real commands attached (click's own listing).
    plain = click.Group("ses-byoip", help=main.help, params=list(main.params))
    for name, lazy in ALL_COMMANDS.items():
        plain.add_command(_imported(lazy), name)
    expected = CliRunner().invoke(plain, ["--help"], terminal_width=80)
    listing = shown.output[shown.output.index("Commands:") :]
    assert listing == expected.output[expected.output.index("Commands:") :]
    assert all(f"  {name} " in listing for name in ALL_COMMANDS)


def test_help_imports_no_command() -> None:
    script = (
        "import sys\n"
        "from byoip.tui.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('byoip.rdap', 'byoip.proof', 'byoip.journey', 'byoip.review',\n"
        "    'byoip.cli.records', 'byoip.tui.commands', 'textual') if m in sys.modules]\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert "LOADED []" in result.stdout, result.stdout + result.stderr
