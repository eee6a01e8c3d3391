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
  burst; cycles made meanwhile are collected once it runs again.

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
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_long_lived() -> None:
    """Everything alive now lives on: the collector no longer walks it."""
    gc.freeze()


def thaw() -> None:
    """Frozen objects go back to the collector (what held them is gone)."""
    gc.unfreeze()
