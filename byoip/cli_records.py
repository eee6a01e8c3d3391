"""Placeholder: filled in by its issue."""

import click


@click.command()
def check() -> None:
    """Not built yet."""
    raise click.ClickException("not built yet")


@click.command()
def render() -> None:
    """Not built yet."""
    raise click.ClickException("not built yet")
