"""clean_text's fast path (text with nothing to remove) gives what the full cleaning gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from byoip.text import _strip_controls, clean_text


def full_cleaning(text: str, max_chars: int | None, newlines: bool, tabs: bool) -> str:
    cleaned = _strip_controls(text, newlines, tabs)
    if max_chars is not None and len(cleaned) > max_chars:
        cleaned = cleaned[: max(0, max_chars - 1)] + "…"
    return cleaned


@given(
    st.text(),
    st.one_of(st.none(), st.integers(min_value=0, max_value=50)),
    st.booleans(),
    st.booleans(),
)
def test_the_fast_path_changes_nothing(
    text: str, max_chars: int | None, nl: bool, tab: bool
) -> None:
    assert clean_text(text, max_chars, keep_newlines=nl, keep_tabs=tab) == full_cleaning(
        text, max_chars, nl, tab
    )


def test_escape_sequences_never_take_the_fast_path() -> None:
    for hostile in ("a\x1b[31mb", "a\x9b31mb", "a\x9d0;x\x9cb", "a\u202eb", "a\tb", "a\nb"):
        assert not hostile.isprintable()
    assert clean_text("a\x1b[31mb\u202e") == "ab"
