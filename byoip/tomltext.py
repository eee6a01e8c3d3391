"""Parsing TOML text that may be hostile: every TOML file we read goes through ``parse_toml``.

``tomllib`` is correct but says some things badly or not at all:

* a file nested a few hundred levels deep (``a = [[[[...``) ends in a
  ``RecursionError`` instead of a ``TOMLDecodeError``, which became a
  traceback in ``check``, the drafts table, the app start and the config;
* a UTF-8 byte-order mark (what some Windows editors add) is reported as
  "Invalid statement (at line 1, column 1)", which names neither the mark
  nor the fix.

``TomlProblem`` carries the line (when known), the reason and how to fix it,
so each caller can put its path in front and say one sentence.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

BYTE_ORDER_MARK = "\ufeff"

# tomllib (3.11) puts the position only in the message: "... (at line 3, column 7)".
_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


class TomlProblem(ValueError):
    """Why a text is not usable TOML: ``line`` (or None), ``reason``, and ``fix`` when specific."""

    def __init__(self, line: int | None, reason: str, fix: str | None = None) -> None:
        self.line = line
        self.reason = reason
        self.fix = fix
        super().__init__(reason if fix is None else f"{reason}; {fix}")


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, every failure a ``TomlProblem`` (never a RecursionError)."""
    if text.startswith(BYTE_ORDER_MARK):
        raise TomlProblem(
            1,
            "starts with a byte-order mark (BOM, the bytes EF BB BF), which TOML does not allow",
            "save it as UTF-8 without a BOM (in most editors: encoding 'UTF-8', not "
            "'UTF-8 with BOM')",
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _POSITION.search(message)
        line = int(match.group(1)) if match else None
        if match is None and "end of document" in message:
            # "(at end of document)": the problem is at the very end of the file.
            line = text.count("\n") + 1
        reason = _POSITION.sub("", message).strip().rstrip(".")
        raise TomlProblem(line, f"not valid TOML ({reason})") from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: a few hundred
        # "[" or "{" exhaust the stack.  No record or config nests more than a few levels.
        raise TomlProblem(
            None, "not valid TOML (arrays or tables nested too deeply to read)"
        ) from None
