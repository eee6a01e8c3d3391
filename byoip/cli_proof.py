"""Placeholder: filled in by its issue."""

import click


@click.command()
def proof() -> None:
    """Not built yet."""
    raise click.ClickException("not built yet")
