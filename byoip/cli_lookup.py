"""Placeholder: filled in by its issue."""

import click


@click.command()
def lookup() -> None:
    """Not built yet."""
    raise click.ClickException("not built yet")
