"""What the app really writes to the terminal, for the escape-sequence tests (issue 10).

``run_test`` uses Textual's headless driver, which normally draws nothing.
``capture_terminal`` makes the driver report itself as a real terminal (so the app
renders every frame through it) and keeps the bytes, exactly as they would reach a
terminal.  ``foreign_controls`` removes what Textual itself sends (CSI sequences and its
OSC 22 pointer shape) and returns whatever control is left: it must be empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from textual.drivers.headless_driver import HeadlessDriver

#: A draft's text written to attack a terminal: clipboard write (OSC 52), window title,
#: screen clear, hyperlink, bidi override, 8-bit CSI/OSC, bell and backspace.
PAYLOAD = (
    "\x1b]52;c;ZWNobyBwd25lZA==\x07"
    "\x1b]0;PWNED\x07"
    "\x1b[2J\x1b[3J"
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
    "\u202eevil\u202c"
    "\x9b2J\x9d0;c1-title\x9c"
    "\x07\x08\x1bc"
)

# Textual's own: CSI sequences (cursor, colours, modes) and the pointer shape (OSC 22).
_TEXTUALS_OWN = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\]22;[a-z-]*\x07")
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


@contextmanager
def capture_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda _self, data: written.append(data))
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda _self: False))
    yield written


def foreign_controls(written: list[str]) -> list[str]:
    """Every control character or sequence in ``written`` that Textual did not send itself."""
    output = "".join(written)
    found = [seq for seq in ("\x1b[2J", "\x1b[3J", "\x1bc") if seq in output]
    rest = _TEXTUALS_OWN.sub("", output)
    for char in rest:
        code = ord(char)
        if (code < 0x20 and char not in "\n\r") or 0x7F <= code < 0xA0 or char in _BIDI:
            found.append(repr(char))
    return found
