"""Keeping Python's cycle collector out of the way of objects that don't need it.

CPython's cycle collector walks every object of a generation when it collects it, and
it collects after every few hundred new objects.  Two kinds of work here make objects
by the hundred thousand, and the collector walked them again and again:

- **What lives as long as the program or a screen**: the command line's modules and
  rules (``python -m byoip``), the wizard's widgets and their style caches (a quarter
  of a keystroke's CPU).  ``freeze_long_lived`` moves everything alive into a
  generation the collector never walks (``gc.freeze``: CPython's documented use);
  reference counting still frees what is dropped.  Frozen objects in reference cycles
  are never collected, so what froze them ``thaw``s them when it goes away.
- **A burst of rows**: reading a drafts folder makes rows, findings and parsed TOML
  for thousands of files, and each full pass walked every row read so far (half of a
  second opening of 10,000 drafts).  ``collector_paused`` holds the collector for the
  burst, then moves what it made to the oldest generation unwalked; cycles made
  meanwhile are collected by the next full collection.
- **A start**: the app's modules, styles and first screen are made before its first
  frame, nearly all of them to live on.  A start can't be one ``with`` block (it ends in
  an event handler, after the first frames), so ``CollectorHold`` is held from the
  app's start and released by whichever comes first: the first frames painted, or the
  app closing.

One module, so that the policy is in one place and the callers say only when.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector held for a burst of new objects, left as it was found (a
    caller that paused it keeps it paused)."""
    hold = CollectorHold()
    try:
        yield
    finally:
        hold.release()


def _promote_young() -> None:
    """Move every object the collector tracks into its oldest generation, unwalked.

    Re-enabled after a burst, the collector would first walk every object the burst
    made (they are all in the youngest generation: nothing was collected meanwhile),
    and again when they are promoted: 7% of a second opening of 2,000 drafts.  They
    are long-lived (rows, parsed records), so they go straight to the oldest
    generation, which is walked only by a full collection (CPython runs one when
    enough objects have been promoted since the last; ``gc.collect()`` too); cycles
    made in the burst are collected then.  ``gc.freeze`` then ``gc.unfreeze`` is that
    move (each splices lists: constant time); with objects already frozen (the
    wizard's, see ``freeze_long_lived``) unfreezing would thaw them too, so the burst
    is then left to the collector as it is.  (A folder is read in a worker thread: a
    freeze made by another thread between the two calls would be undone, which costs
    that thread's keystrokes some time and loses nothing.)
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


class CollectorHold:
    """The cycle collector held from now until ``release`` (called once or more), then left
    as it was found (a caller that paused it keeps it paused); ``collector_paused`` is one
    held for a ``with`` block."""

    def __init__(self) -> None:
        self._was_enabled = gc.isenabled()
        self.held = True
        gc.disable()

    def release(self) -> None:
        if self.held:
            self.held = False
            if self._was_enabled:
                _promote_young()  # what the hold's burst made lives on (see there)
                gc.enable()


def freeze_long_lived() -> None:
    """Everything alive now lives on: the collector no longer walks it."""
    gc.freeze()


def thaw() -> None:
    """Frozen objects go back to the collector (what held them is gone)."""
    gc.unfreeze()
