"""Click commands that open the Textual app."""

from __future__ import annotations

from pathlib import Path

import click

from byoip.cli import drafts_dir_option, fail, get_settings, update_settings
from byoip.config.sources import host_problem
from byoip.tui.app import ByoipApp


@click.command()
@drafts_dir_option
def new() -> None:
    """Open the wizard on a new request (the default command)."""

    ByoipApp(get_settings()).run()


@click.command("open")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@drafts_dir_option
def open_record(path: Path) -> None:
    """Open a saved record in the wizard."""

    ByoipApp(get_settings(), open_path=path).run()


@click.command()
@drafts_dir_option
def drafts() -> None:
    """Review the saved drafts in a table."""

    ByoipApp(get_settings(), start="drafts").run()


@click.command()
def demo() -> None:
    """Tour the requirements offline with sample requests (writes nothing)."""

    ByoipApp(get_settings(), start="demo").run()


@click.command()
@click.option(
    "--host",
    help="Address to listen on (default 127.0.0.1: this computer only; 0.0.0.0 opens it to "
    "every network, with a warning), or [serve] host / $SES_BYOIP_SERVE_HOST.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port to listen on (default 8000; 0 picks a free one), or [serve] port / "
    "$SES_BYOIP_SERVE_PORT.",
)
@click.option(
    "--max-sessions",
    type=click.IntRange(1, 1000),
    help="Browser tabs served at once, one app process each (default 8); more get a "
    "'tour is full' page. Or [serve] max_sessions / $SES_BYOIP_SERVE_MAX_SESSIONS.",
)
def serve(host: str | None, port: int | None, max_sessions: int | None) -> None:
    """Serve the requirements tour (the demo) to browsers, one session per tab.

    Each visitor gets their own app process and temporary folder, both removed
    when the tab closes; nothing is written to your drafts.  Only the demo is
    served, never the wizard on your own drafts.
    """

    if host is not None and (problem := host_problem(host.strip())):
        fail(f"--host {host!r}: {problem}.")
    settings = update_settings(
        serve_host=host.strip() if host else None,
        serve_port=port,
        serve_max_sessions=max_sessions,
    )
    try:
        # Deferred: textual-serve and aiohttp only for the browser tour.
        from byoip.tui.serve import TourServer
    except ImportError as exc:  # textual-serve is a dependency; say so if it went missing
        fail(f"The web server can't start ({exc}); reinstall ses-byoip with pip.")
    server = TourServer(
        settings,
        host=settings.serve_host,
        port=settings.serve_port,
        max_sessions=settings.serve_max_sessions,
    )
    try:
        server.serve()
    except OSError as exc:
        where = f"{settings.serve_host}:{settings.serve_port}"
        fail(f"Can't listen on {where} ({exc.strerror or exc}); pick another --port or --host.")
