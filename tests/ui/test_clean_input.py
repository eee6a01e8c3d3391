"""CleanInput: a key repaints the field without re-arranging the screen, and still scrolls.

Textual's ``Input`` asks for a layout of the whole screen on every change of its
value (its virtual width follows the text); in the wizard, with its panels, that
was most of what a keystroke cost.  ``CleanInput`` sets the width without one.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widget import Widget

from byoip.tui.widgets.clean_input import CleanInput
from tests.support.drafts_support import async_test


class _Host(App[None]):
    CSS = "CleanInput { width: 12; }"

    def compose(self) -> ComposeResult:
        yield CleanInput(id="field")


@async_test
async def test_typing_asks_for_no_layout_and_a_long_value_scrolls_to_the_cursor() -> None:
    app = _Host()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one(CleanInput)
        field.focus()
        await pilot.pause()
        layouts: list[str] = []
        original = Widget.refresh

        def refresh(self: Widget, *regions: Any, **flags: Any) -> Widget:
            if flags.get("layout"):
                layouts.append(type(self).__name__)
            return original(self, *regions, **flags)

        Widget.refresh = refresh  # type: ignore[method-assign]
        try:
            await pilot.press(*"185.54.121.0/24")
            await pilot.pause()
        finally:
            Widget.refresh = original  # type: ignore[method-assign]
        assert field.value == "185.54.121.0/24"
        assert "CleanInput" not in layouts
        # The value is wider than the field: it scrolled so that the cursor shows.
        assert field.virtual_size.width == field.content_width > field.size.width
        assert field.scroll_x > 0
        assert (
            0 <= field.cursor_screen_offset.x - field.content_region.x <= field.content_region.width
        )
        await pilot.press("home")
        await pilot.pause()
        assert field.scroll_x == 0


@async_test
async def test_marked_invalid_the_input_is_restyled_and_its_parts_as_a_full_restyle_would() -> None:
    """``set_invalid`` restyles the input (its border) but not its parts (cursor,
    selection, placeholder, suggestion): no rule for them depends on validity, in
    Textual's stylesheet or the app's, so their styles are the ones a full restyle gives."""
    from byoip.config import load_settings
    from tests.support.wizard_support import make_app, settle

    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        field = app.screen.query_one(CleanInput)
        parts = field._get_component_classes()
        assert parts
        for rule in app.stylesheet.rules:
            for selector_set in rule.selector_set:
                names = {selector.name for selector in selector_set.selectors}
                assert not (names & parts and "-invalid" in names), rule.css

        border = field.styles.border_top
        field.set_invalid(True)
        assert field.has_class("-invalid")
        assert field.styles.border_top != border  # the input itself is restyled
        kept = {part: field.get_component_rich_style(part) for part in parts}
        app.update_styles(field)  # everything, parts included
        assert {part: field.get_component_rich_style(part) for part in parts} == kept
        field.set_invalid(False)
        assert not field.has_class("-invalid")
        assert field.styles.border_top == border
