"""Make untrusted text (RDAP fields, DNS answers, draft files) safe to show.

The UI always renders such text literally (``rich.text.Text``, never markup);
this module removes what a terminal would interpret (control characters,
escape sequences) and cuts fields that are too long to be useful.
"""

from __future__ import annotations

import re
import unicodedata

#: Default cut for one field shown in a panel.
DEFAULT_MAX_CHARS = 200

# ANSI/VT escape sequences (CSI, OSC, and two-character escapes), removed whole
# so that their parameters don't survive as stray text.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[ -/]+[0-~]"  # nF escapes such as ESC ( B
    r"|\x1b[0-Z\\^-~]"  # two-character escapes, ESC c (reset) included
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x90\x9d-\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?"  # 8-bit DCS/OSC/PM/APC ... ST
)


def _is_control(char: str, keep_newlines: bool, keep_tabs: bool = False) -> bool:
    if (keep_newlines and char == "\n") or (keep_tabs and char == "\t"):
        return False
    category = unicodedata.category(char)
    # Cc: C0/C1 controls; Cf: format characters such as bidi overrides (U+202E)
    # that can make text display differently from what it is.
    return category in ("Cc", "Cf") and char not in ("\u200d",)


def clean_text(
    value: object,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    *,
    keep_newlines: bool = False,
    keep_tabs: bool = False,
) -> str:
    """Return ``value`` as plain text with control characters removed and cut to ``max_chars``.

    Tabs and (unless ``keep_newlines``) newlines become spaces; runs of white
    space are kept as they are so that the text still reads as written.
    """
    text = "" if value is None else str(value)
    # isprintable() is False for every control and format character (ESC and the C1
    # controls that start every escape sequence included): most text has none, and
    # skips the character-by-character pass.
    if not text.isprintable():
        text = _strip_controls(text, keep_newlines, keep_tabs)
    if max_chars is not None and len(text) > max_chars:
        text = text[: max(0, max_chars - 1)] + "…"
    return text


def _strip_controls(text: str, keep_newlines: bool, keep_tabs: bool) -> str:
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = text.replace("\r\n", "\n")
    if not keep_tabs:
        text = text.replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return "".join(ch for ch in text if not _is_control(ch, keep_newlines, keep_tabs))


def clean_editor_text(value: object) -> str:
    """Text for an editor (the use case): what a person may type, nothing a terminal obeys.

    Newlines, tabs and every script stay; escape sequences, C0/C1 controls and
    bidi overrides go.  Used for what is loaded into an editor from a draft and
    what is pasted into it, so the editor never writes a control sequence.
    """
    return clean_text(value, None, keep_newlines=True, keep_tabs=True)
