"""Layout a first-time user tripped over (issue 18), asserted on the real widgets."""

from __future__ import annotations

from byoip.config import load_settings
from tests.support.wizard_support import (
    GOOD_RANGE,
    USE_CASE,
    async_test,
    make_app,
    settle,
    type_text,
    wait_until,
)


@async_test
async def test_the_use_case_hint_goes_once_there_is_text() -> None:
    app = make_app(load_settings(), offer_resume=False)
    async with app.run_test(size=(120, 36)) as pilot:
        wizard = app.screen
        wizard.go_to("use_case")
        await wait_until(pilot, lambda: wizard.step == "use_case")
        row = wizard.field_row("use_case")
        assert row.message == "At least a few sentences."
        await type_text(pilot, USE_CASE)
        await wait_until(pilot, lambda: wizard.session.value("use_case") == USE_CASE)
        assert "At least a few sentences." not in row.message


@async_test
async def test_the_proof_steps_buttons_stay_inside_the_middle_column() -> None:
    app = make_app(load_settings(), offer_resume=False)
    async with app.run_test(size=(120, 36)) as pilot:
        wizard = app.screen
        await settle(pilot)
        for name, value in (("account_id", "123456789012"), ("ip_range", GOOD_RANGE)):
            wizard.go_to(name)
            await pilot.pause()
            wizard.editor(name).value = value
        wizard.go_to("proof")
        await wait_until(pilot, lambda: bool(wizard.query("#proof-copy")))
        await settle(pilot)
        panels = wizard.query_one("#panels").region
        for button in ("#proof-copy", "#proof-copy-commands"):
            region = wizard.query_one(button).region
            assert region.width > 0 and region.right <= panels.x, (button, region, panels)


@async_test
async def test_an_opened_draft_with_a_wrong_range_opens_at_the_range() -> None:
    from byoip.record import Record, save_record
    from byoip.request import Request
    from tests.support.wizard_support import FIXED_NOW

    settings = load_settings()
    path = settings.drafts_dir / "host-bits.toml"
    request = Request("123456789012", "eu-west-1", USE_CASE, "185.54.121.7/24", "RIPE NCC")
    save_record(path, Record.new(request, now=FIXED_NOW))
    app = make_app(settings, open_path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        wizard = app.screen
        await wait_until(pilot, lambda: wizard.step == "ip_range", what="the range step")
        assert "host bits" in wizard.field_row("ip_range").message
        await wait_until(pilot, lambda: app.focused is wizard.editor("ip_range"))
