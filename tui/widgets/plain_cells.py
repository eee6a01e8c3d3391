"""A table cell of plain one-line text, drawn straight to segments.

``DataTable`` draws every cell through Rich: ``Styled(Padding(text))`` rendered to
lines, which wraps, justifies, splits and crops the text in generic code (about a
tenth of a millisecond a cell; see ``plain_table``).

For the cells the drafts table holds (a ``Text`` without spans, on one line, no
tabs or control characters) the outcome is easy to state, and ``plain_cell_line``
builds it directly: the padding, the text cut to the cell or justified in it with
Rich's own width functions, and the same styles in the same order as Rich combines
them (``pre`` + the text's style + ``post``).  Anything else returns None and the
table draws it the generic way.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style, StyleType
from rich.text import Text

#: Justifications drawn here (Rich's default leaves the text where it is; "center"
#: and "full" are rare enough to go the generic way).
_JUSTIFY = {None, "default", "left", "right"}
#: Overflows drawn here ("ignore" lets the text run past the cell: the generic way).
_OVERFLOW = {None, "fold", "crop", "ellipsis"}


def plain_cell_line(
    text: Text,
    width: int,
    padding: int,
    pre: Style,
    post: Style,
    get_style: Callable[[StyleType], Style],
    meta: Style | None = None,
) -> list[Segment] | None:
    """The one line ``DataTable`` draws for a cell holding ``text``; None: not a plain cell.

    ``width``: the cell's width with its ``padding`` (cells each side); ``pre``: the
    row's and the cursor's style (under the text's own), ``post``: the style over it;
    ``meta``: the cell's place (DataTable adds it to ``pre``).
    """
    if not is_plain(text, width, padding):
        return None
    pad_style, text_style = cell_styles(text, pre, post, get_style, meta)
    return draw_plain(text, width, padding, pad_style, text_style)


def is_plain(text: Text, width: int, padding: int) -> bool:
    """Whether ``draw_plain`` draws ``text`` as DataTable would (else: the generic way)."""
    return not (
        width - 2 * padding < 1
        or text.spans
        or text.no_wrap is False  # would wrap onto lines the table never shows
        or text.justify not in _JUSTIFY
        or text.overflow not in _OVERFLOW
        or not text.plain.isprintable()  # tabs, newlines, control characters: generic
    )


def cell_styles(
    text: Text,
    pre: Style,
    post: Style,
    get_style: Callable[[StyleType], Style],
    meta: Style | None = None,
) -> tuple[Style, Style]:
    """(the padding's style, the text's style) of a plain cell, as Rich combines them.

    ``meta`` (the cell's place) is added last: the same style (no other part has
    meta), while every sum before it is one Rich has already made for another cell
    (``Style`` keeps the sums it made).  They depend only on the styles and the
    place, so a table can keep them between paints (``PlainTable`` does).
    """
    own = get_style(text.style) if text.style else Style.null()
    if meta is None:
        meta = Style.null()
    elif own.meta:  # the text's own meta wins over the cell's place, as in Rich's order
        pre, meta = pre + meta, Style.null()
    return pre + post + meta, pre + own + post + meta


def draw_plain(
    text: Text, width: int, padding: int, pad_style: Style, text_style: Style
) -> list[Segment]:
    """The line of a plain cell (``is_plain``) in the styles ``cell_styles`` gave."""
    plain = text.plain
    inner = width - 2 * padding
    if not plain:  # DataTable draws an empty Text as a blank one, whatever its style
        return [Segment(" " * width, pad_style)]
    justify = text.justify or "default"
    if justify == "right":
        plain = plain.rstrip()
    length = len(plain) if plain.isascii() else cell_len(plain)
    if length > inner:  # cut as Rich's Text.truncate does
        if text.overflow == "ellipsis":
            plain = set_cell_size(plain, inner - 1) + "…"
        else:
            plain = set_cell_size(plain, inner)
        length = inner
    spare = inner - length
    line: list[Segment] = []
    if padding:
        line.append(Segment(" " * padding, pad_style))
    if justify == "right":
        line.append(Segment(" " * spare + plain, text_style))  # the spaces carry its style
    elif justify == "left":
        line.append(Segment(plain + " " * spare, text_style))
    else:
        line.append(Segment(plain, text_style))
        if spare:
            line.append(Segment(" " * spare, pad_style))
    if padding:
        line.append(Segment(" " * padding, pad_style))
    return line
