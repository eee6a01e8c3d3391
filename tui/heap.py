"""The objects a screen is built of, kept out of the garbage collector's way while it is used.

CPython's cycle collector walks every object of a generation when it collects it,
and a keystroke in a Textual app makes thousands of short-lived objects (strips,
segments, styles), so collections run every few keys.  The long-lived objects
that make up the wizard (Textual's modules, its widgets and their style caches:
most of the heap) were walked again and again: a quarter of a key's CPU in the
wizard.  ``gc.freeze`` moves everything alive now into a generation the
collector never walks (CPython's documented use: objects that live as long as
the program); reference counting still frees what is dropped.

Frozen objects in reference cycles are never collected, so a screen that goes
away thaws the heap (``thaw``): the next full collection frees it, and the next
screen built freezes what is alive then.
"""

from __future__ import annotations

import gc


def freeze_long_lived() -> None:
    """Everything alive now lives on: the collector no longer walks it."""
    gc.freeze()


def thaw() -> None:
    """Frozen objects go back to the collector (a screen that held them is gone)."""
    gc.unfreeze()
