"""Click commands that open the Textual app."""

from __future__ import annotations

from pathlib import Path

import click

from byoip.cli import drafts_dir_option, get_settings


@click.command()
@drafts_dir_option
def new() -> None:
    """Open the wizard on a new request (the default command)."""
    from byoip.tui.app import ByoipApp

    ByoipApp(get_settings()).run()


@click.command("open")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@drafts_dir_option
def open_record(path: Path) -> None:
    """Open a saved record in the wizard."""
    from byoip.tui.app import ByoipApp

    ByoipApp(get_settings(), open_path=path).run()


@click.command()
@drafts_dir_option
def drafts() -> None:
    """Review the saved drafts in a table."""
    from byoip.tui.app import ByoipApp

    ByoipApp(get_settings(), start="drafts").run()


@click.command()
def demo() -> None:
    """Tour the requirements offline with sample requests (writes nothing)."""
    from byoip.tui.app import ByoipApp

    ByoipApp(get_settings(), start="demo").run()
