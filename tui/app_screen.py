"""Screens that know their app is ``ByoipApp``: a typed ``app`` instead of ``getattr``.

A screen reads the app's settings, clock and demo fixtures; typed here, a
missing attribute is a type error, not a silent ``None`` at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from byoip.tui.app import ByoipApp

ResultT = TypeVar("ResultT")


class AppScreen(Screen[ResultT]):
    """A full screen of the ses-byoip app."""

    @property
    def app(self) -> ByoipApp:
        return cast("ByoipApp", super().app)


class AppModal(ModalScreen[ResultT]):
    """A dialog of the ses-byoip app."""

    @property
    def app(self) -> ByoipApp:
        return cast("ByoipApp", super().app)
