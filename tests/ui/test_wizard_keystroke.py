"""What a keystroke in the wizard does to the screen: one paint with everything it changed.

No timing here: the cost of a key is measured in bench/bench_startup.py.  These
tests check the mechanisms that keep it small.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from byoip.config import load_settings
from byoip.screens import wizard_lookups
from byoip.screens.wizard import WizardScreen
from byoip.tui.widgets.clean_input import CleanInput
from tests.support.wizard_support import async_test, make_app, settle, type_text


async def at_the_range(app: App[Any], pilot: Pilot[Any]) -> WizardScreen:
    """The wizard, settled, at its IP range step."""
    wizard = app.screen
    assert isinstance(wizard, WizardScreen)
    await settle(pilot)
    wizard.go_to("ip_range")
    await settle(pilot)
    return wizard


@async_test
async def test_every_frame_shows_the_range_with_its_own_sentence() -> None:
    """A key's echo and what it changed (the rule's sentence, the step list) are painted
    together: a frame never shows a range beside the sentence of the one before it."""
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = await at_the_range(app, pilot)
        editor = wizard.editor("ip_range")
        frames: list[tuple[str, str]] = []
        paint = Screen._compositor_refresh

        def painted(screen: Screen[Any]) -> None:
            frames.append((editor.value, wizard.session.request.ip_range))
            paint(screen)

        Screen._compositor_refresh = painted  # type: ignore[method-assign]
        try:
            await type_text(pilot, "185.54.121.0/24")
            await pilot.press("backspace", "backspace", "4")
            await pilot.pause()
        finally:
            Screen._compositor_refresh = paint  # type: ignore[method-assign]
        assert editor.value == "185.54.121.0/4"
        assert frames and all(shown == known for shown, known in frames), frames
        assert "host bits" in wizard.field_row("ip_range").message


@async_test
async def test_a_value_set_without_its_message_is_not_told() -> None:
    """A listener hears what Input.Changed would say: a value set under prevent() is not."""
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        heard: list[str] = []
        field = CleanInput(id="extra")
        await app.screen.mount(field)
        field.listen(heard.append)
        field.value = "told"
        with field.prevent(CleanInput.Changed):
            field.value = "not told"
        field.value = "told\x1b[31m again"  # cleaned before anyone hears it
        await pilot.pause()
        assert heard == ["told", "told again"]


@async_test
async def test_the_built_wizard_is_frozen_for_the_collector_and_thawed_when_it_goes() -> None:
    """The wizard's long-lived objects are moved out of the cycle collector's way once it
    is built, and handed back when it closes (so that a closed wizard can be freed)."""
    gc.unfreeze()
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


@async_test
async def test_the_collector_is_held_from_the_start_until_the_first_frames_are_painted() -> None:
    """Start-up's burst of long-lived objects is made with the cycle collector held; once
    the wizard is painted and built it runs again (see byoip/heap.py)."""
    gc.enable()
    app = make_app(load_settings())
    held_at_first_paint: list[bool] = []
    paint = Screen._compositor_refresh

    def painted(screen: Screen[Any]) -> None:
        if not held_at_first_paint and screen.query("#account_id-input"):
            held_at_first_paint.append(not gc.isenabled())
        paint(screen)

    Screen._compositor_refresh = painted  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            await pilot.pause()
            assert held_at_first_paint == [True]
            assert gc.isenabled()
    finally:
        Screen._compositor_refresh = paint  # type: ignore[method-assign]
        gc.enable()


@async_test
async def test_an_app_closed_before_the_wizard_is_built_leaves_the_collector_on() -> None:
    gc.enable()
    app = make_app(load_settings())
    built = WizardScreen._built
    WizardScreen._built = lambda self: None  # type: ignore[method-assign]  # never built
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert not gc.isenabled()  # still held
        assert gc.isenabled()
    finally:
        WizardScreen._built = built  # type: ignore[method-assign]
        gc.enable()


def test_a_held_collector_is_left_as_it_was_found() -> None:
    from byoip.heap import CollectorHold

    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            hold = CollectorHold()
            assert not gc.isenabled()
            hold.release()
            hold.release()  # twice: still as found
            assert gc.isenabled() is enabled
    finally:
        gc.enable()


@async_test
async def test_a_key_that_flips_the_range_repaints_only_what_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys that turn the range invalid and valid in turn (backspace, "4", ...): each of the
    two messages is painted once and then comes back without being painted again; the
    message line's classes never change (its colour is in its text: a class change
    re-applies the stylesheet), only the editor's "-invalid" does; the step list paints
    the lines of steps the range decides, never those before it; and the lookup panels,
    waiting while the range changes, are not drawn again (their input did not change)."""
    from byoip.demo import prepare_demo
    from byoip.screens.wizard_steps import STEP_IDS
    from byoip.tui.widgets import StepList
    from byoip.tui.widgets.kept_static import KeptStatic

    # The lookups wait LOOKUP_DEBOUNCE after a valid range: on a slow run a pause between two
    # keys outlasted it, the recorded lookups started and the panels were drawn again (their
    # input had changed then).  Long here, so that only the keys decide what is drawn.
    monkeypatch.setattr(wizard_lookups, "LOOKUP_DEBOUNCE", 60.0)
    env = prepare_demo(load_settings(), folder=tmp_path / "demo")
    app = make_app(env.settings, offer_resume=False)
    app.rdap_fetcher, app.dns_resolver = env.rdap_fetcher, env.dns_resolver
    app.routing_fetcher = env.routing_fetcher
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            wizard = await at_the_range(app, pilot)
            await type_text(pilot, "185.54.121.0/24")
            await pilot.press("backspace", "4", "backspace", "4")  # both messages painted
            await pilot.pause()
            editor = wizard.editor("ip_range")
            message = wizard.field_row("ip_range").query_one(".field-message", KeptStatic)
            painted, classes = message.paints, set(message.classes)

            steps = wizard.query_one(StepList)
            lines: list[int] = []
            render_line = steps.render_line

            def line_painted(y: int) -> Any:
                lines.append(y)
                return render_line(y)

            steps.render_line = line_painted  # type: ignore[method-assign]
            panels = wizard.panels
            assert panels is not None
            drawn: list[str] = []
            for panel in (panels.rdap, panels.reputation, panels.routing):
                body = panel.query_one(".panel-body")
                update = body.update

                def body_updated(*args: Any, _update: Any = update, **kwargs: Any) -> None:
                    drawn.append(str(args[:1]))
                    _update(*args, **kwargs)

                body.update = body_updated  # type: ignore[method-assign]

            for key in ["backspace", "4"] * 3:
                await pilot.press(key)
                assert set(message.classes) == classes
                assert editor.has_class("-invalid") == (key == "backspace")
                # What the line draws is the message now (kept lines, never stale ones).
                assert message.render_line(0).text.startswith("✖" if key == "backspace" else "i")
            await pilot.pause()

            assert message.paints == painted
            assert STEP_IDS.index("ip_range") in lines
            assert not set(lines) & {STEP_IDS.index(s) for s in ("account_id", "region")}
            assert drawn == []
            wizard.lookups.cancel()
    finally:
        env.cleanup()
