"""The command line (click), headless.

Commands are loaded lazily (``LazyGroup``) so that ``ses-byoip --help`` and
starting the app don't pay for importing RDAP, DNS or crypto libraries.
The UI package adds its own commands (the wizard, drafts, demo) with
``build_cli``; this module never imports it.

Exit codes: 0 success; 1 the request has errors (or a check failed);
2 input that can't be read or parsed, or a usage error; 130 interrupted.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, NoReturn, TypeVar

import click

from byoip import __version__
from byoip.config import ConfigError, Settings, load_settings
from byoip.text import clean_text

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2
EXIT_INTERRUPTED = 130


class LazyCommand(NamedTuple):
    """A command imported only when it runs: where it is, and its summary for ``--help``.

    The summary is the first paragraph of the command's own help, kept here so that the
    group's ``--help`` lists every command without importing them all (RDAP, DNS, crypto,
    the journey: a third of a second).  tests/ui/test_cli_help.py keeps the two equal.
    """

    target: str  # "module:attribute"
    summary: str


#: Headless commands.
CORE_COMMANDS: dict[str, LazyCommand] = {
    "check": LazyCommand(
        "byoip.cli.records:check",
        "Check request records (files or folders of *.toml), alone and against each other.",
    ),
    "render": LazyCommand(
        "byoip.cli.render:render",
        "Render a request record as the email to AWS, an .eml file, TOML or a mailto: link.",
    ),
    "lookup": LazyCommand(
        "byoip.cli.lookup:lookup",
        "Look up who holds CIDR (RDAP), whether it is on blocklists (DNS), and its ROAs (routing).",
    ),
    "proof": LazyCommand(
        "byoip.cli.proof:proof",
        "Proof of ownership: the signed authorization message AWS asks for.",
    ),
    "status": LazyCommand(
        "byoip.cli.journey:status",
        "Where each request stands: stage, next step, when AWS's answer is due.",
    ),
    "stage": LazyCommand(
        "byoip.cli.journey:stage",
        "Move a request to another STAGE (draft, ready, sent, more-info, approved, in-use, "
        "rejected, withdrawn), dated in its history.",
    ),
    "followup": LazyCommand(
        "byoip.cli.journey:followup",
        "Write a follow-up message to AWS: a reply to their questions, or a polite reminder.",
    ),
    "runbook": LazyCommand(
        "byoip.cli.journey:runbook",
        "The SES v2 commands that put an approved range to use: a dedicated IP pool, the "
        "addresses moved into it, a configuration set that sends from it.",
    ),
    "mailcheck": LazyCommand(
        "byoip.cli.journey:mailcheck",
        "Check the mail side of a range, live: the domain's SPF covers it (or names SES), and "
        "each address has a PTR whose name resolves back to it.",
    ),
}

F = TypeVar("F", bound=Callable[..., Any])


class LazyGroup(click.Group):
    """A click group whose commands are imported only when used."""

    def __init__(
        self,
        *args: Any,
        lazy_commands: Mapping[str, LazyCommand] | None = None,
        default_command: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})
        self.default_command = default_command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands:
            target = self.lazy_commands[cmd_name].target
            module_name, attribute = target.split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{target} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click's own lists each command's short help, importing every command for it;
        # a lazy one is shown through a stand-in that carries its summary (same wording,
        # cut at the same width by click).
        listed: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            lazy = self.lazy_commands.get(name)
            command = (
                click.Command(name, help=lazy.summary) if lazy else self.get_command(ctx, name)
            )
            if command is not None and not command.hidden:
                listed.append((name, command))
        if listed:
            limit = formatter.width - 6 - max(len(name) for name, _ in listed)
            with formatter.section("Commands"):
                formatter.write_dl([(name, c.get_short_help_str(limit)) for name, c in listed])

    def invoke(self, ctx: click.Context) -> Any:
        # click turns ctrl+c into "Aborted!" and exit 1, the code for findings: say it
        # was interrupted and exit 130 (128 + SIGINT), as shells and scripts expect.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\nInterrupted.", err=True)
            sys.exit(EXIT_INTERRUPTED)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # One clear sentence instead of a traceback for the errors users can cause.
        try:
            return super().main(*args, **kwargs)
        except ConfigError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(EXIT_INTERRUPTED)


def fail(message: str, code: int = EXIT_UNREADABLE) -> NoReturn:
    """Print one sentence on stderr and exit with ``code``.

    The sentence often quotes what the user gave (a path, a value from a file), so it
    is cleaned: an escape sequence in a file name must not reach the terminal.
    """
    click.echo(f"Error: {clean_text(message, None)}", err=True)
    sys.exit(code)


def parse_now(value: str | None) -> datetime | None:
    """``--now``: the moment a command pretends it is (tests, reproducible output), or None."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--now {value!r} is not a date and time; write it like 2026-11-26T09:00:00Z.")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def get_settings(ctx: click.Context | None = None) -> Settings:
    """The settings the group loaded (config file <- environment <- group flags)."""
    ctx = ctx or click.get_current_context()
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = load_settings()
    return root.obj


def update_settings(ctx: click.Context | None = None, **changes: Any) -> Settings:
    """Apply command flags (``None`` = not given) on top of the loaded settings."""
    ctx = ctx or click.get_current_context()
    root = ctx.find_root()
    root.obj = get_settings(ctx).with_overrides(**changes)
    return root.obj


def recordings_option(name: str, what: str) -> Callable[[F], F]:
    """``--<name>-recordings DIR``: replay ``what`` from recorded answers (offline demos)."""
    return click.option(
        f"--{name}-recordings",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        help=f"Replay {what} from the recorded answers in this folder (offline demos; each "
        "answer says it is a recording).",
    )


def drafts_dir_option(func: F) -> F:
    """``--drafts-dir DIR`` for any command that reads or writes the drafts folder."""

    def callback(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
        if value is not None:
            update_settings(ctx, drafts_dir=value)
        return value

    return click.option(
        "--drafts-dir",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=callback,
        help="Folder of draft records (default: your data folder, or $SES_BYOIP_DRAFTS_DIR).",
    )(func)


def build_cli(
    extra_commands: Mapping[str, LazyCommand] | None = None,
    default_command: str | None = None,
) -> click.Group:
    """The ``ses-byoip`` group: the headless commands plus ``extra_commands``.

    With ``default_command``, running the group with no command runs that one
    (the UI uses this to open the wizard).
    """

    @click.group(
        cls=LazyGroup,
        lazy_commands={**CORE_COMMANDS, **(extra_commands or {})},
        default_command=default_command,
        invoke_without_command=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    @click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file (default: your config folder, or $SES_BYOIP_CONFIG).",
    )
    @drafts_dir_option
    @click.version_option(__version__, prog_name="ses-byoip")
    @click.pass_context
    def cli(ctx: click.Context, config_path: Path | None) -> None:
        """Prepare a request to bring your own IPv4 range to Amazon SES (BYOIP)."""
        loaded = load_settings(config_path)
        previous = ctx.obj if isinstance(ctx.obj, Settings) else None
        # --drafts-dir may already have been applied (eager callback): keep it.
        if previous is not None:
            loaded = loaded.with_overrides(drafts_dir=previous.drafts_dir)
        ctx.obj = loaded
        if ctx.invoked_subcommand is None:
            group = ctx.command
            assert isinstance(group, LazyGroup)
            if group.default_command is None:
                click.echo(ctx.get_help())
                return
            command = group.get_command(ctx, group.default_command)
            assert command is not None
            ctx.invoke(command)

    return cli


#: The headless command line (``python -m byoip``).
main = build_cli()
