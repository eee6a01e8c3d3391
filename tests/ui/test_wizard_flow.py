"""The whole wizard by keyboard, against the local RDAP and DNS servers."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual import events

from byoip import autosave
from byoip.config import load_settings
from byoip.record import load_record
from byoip.screens.export import ExportScreen
from byoip.screens.wizard import WizardScreen
from tests.support.wizard_support import (
    FIXED_NOW,
    GOOD_RANGE,
    USE_CASE,
    async_test,
    drafts_in,
    make_app,
    type_text,
    wait_for_lookups,
    wait_until,
)


@async_test
async def test_whole_wizard_by_keyboard_saves_and_exports(
    rdap_server, dns_server, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the export folder offered is the working folder
    monkeypatch.setenv("SES_BYOIP_DNS_CONCURRENCY", "16")  # the test server drops floods
    dns_server.list_address("zen.spamhaus.org", "185.54.121.7", codes=["127.0.0.2"])
    settings = load_settings()
    app = make_app(settings)
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert app.focused is wizard.editor("account_id")

        await type_text(pilot, "1234-5678-9012")
        await pilot.press("enter")
        assert wizard.step == "region"
        assert app.focused is wizard.editor("region")
        # The account ID moved on in its normal form.
        assert wizard.editor("account_id").value == "123456789012"

        await type_text(pilot, "eu-w")
        await pilot.press("right")  # accept the type-ahead completion
        await wait_until(pilot, lambda: wizard.editor("region").value == "eu-west-1")
        assert "Europe (Ireland)" in wizard.field_row("region").message
        await pilot.press("enter")
        assert wizard.step == "use_case"

        await type_text(pilot, "Receipts ")
        app.post_message(events.Paste(USE_CASE.removeprefix("Receipts ")))  # pasted, as people do
        await wait_until(pilot, lambda: wizard.session.request.use_case == USE_CASE)
        await pilot.press("ctrl+n")
        assert wizard.step == "ip_range"

        await type_text(pilot, GOOD_RANGE)
        await wait_for_lookups(pilot)
        assert "256 addresses" in wizard.field_row("ip_range").message
        assert "RIPE NCC" in wizard.query_one("#rdap-panel").body_text
        assert wizard.session.sweep_result is not None
        assert wizard.session.sweep_result.listed_addresses == ["185.54.121.7"]
        await pilot.press("enter")

        assert wizard.step == "registry"
        assert wizard.editor("registry").value == "RIPE NCC"  # pre-filled
        await pilot.press("enter")
        assert wizard.step == "proof"
        await pilot.press("ctrl+n")
        assert wizard.step == "review"

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(drafts_in(settings.drafts_dir)) == 1)
        saved = load_record(drafts_in(settings.drafts_dir)[0])
        assert saved.request.account_id == "123456789012"
        assert saved.request.region == "eu-west-1"
        assert saved.request.ip_range == GOOD_RANGE
        assert saved.request.registry == "RIPE NCC"
        assert saved.request.use_case == USE_CASE
        assert saved.rdap is not None and saved.rdap["rir"] == "RIPE NCC"
        assert saved.reputation is not None and saved.reputation["verdict"] == "listed"
        assert saved.cost is not None and saved.cost["addresses"] == 256
        # An explicit save replaces the autosave.
        assert not autosave.find(settings.drafts_dir)

        await pilot.press("enter")  # the review's button: record and email
        export = app.screen
        assert isinstance(export, ExportScreen)
        await pilot.press("e")
        # A listed address and no proof: export asks first (tests/ui/test_export_asks.py).
        await wait_until(pilot, lambda: app.screen.query("#question-yes"))
        await pilot.press("y")
        target = tmp_path / "out"
        assert app.screen.query_one("#folder-input").value == str(tmp_path)
        await type_text(pilot, "/out")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(export.written))
        names = sorted(p.name for p in export.written)
        assert names == [
            "ses-byoip-123456789012-185.54.121.0_24.eml",
            "ses-byoip-123456789012-185.54.121.0_24.toml",
            "ses-byoip-123456789012-185.54.121.0_24.txt",
        ]
        assert all(p.parent == target for p in export.written)
        status = str(export.query_one("#export-status").render())
        assert str(target) in status  # the paths written are confirmed on screen
        assert all(p.name in status for p in export.written)

    exported = {p.suffix: p for p in target.iterdir()}
    data = tomllib.loads(exported[".toml"].read_text())
    assert data["request"]["ip_range"] == GOOD_RANGE
    assert data["updated"] == FIXED_NOW
    eml = exported[".eml"].read_bytes()
    assert b"To: ses-byoip-request@amazon.com" in eml
    text = exported[".txt"].read_text()
    assert text.startswith("To: ses-byoip-request@amazon.com\nSubject: ")
    assert "123456789012" in text and GOOD_RANGE in text


@async_test
async def test_enter_stays_on_an_invalid_step_and_escape_goes_back() -> None:
    app = make_app(load_settings())
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = app.screen
        await type_text(pilot, "12345")
        await pilot.press("enter")
        assert wizard.step == "account_id"
        assert "exactly 12 digits" in wizard.field_row("account_id").message
        line = wizard.query_one("#step-list").line_for("account_id")
        assert line.startswith("›✖") and line.endswith("fix")  # symbol and word, not colour
        await type_text(pilot, "6789012")
        await pilot.press("enter")
        assert wizard.step == "region"
        await pilot.press("escape")
        assert wizard.step == "account_id"
        assert app.focused is wizard.editor("account_id")
        assert wizard.editor("account_id").value == "123456789012"


@async_test
async def test_fix_key_takes_the_rules_suggestion() -> None:
    app = make_app(load_settings())
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = app.screen
        wizard.go_to("ip_range")
        await pilot.pause()
        await type_text(pilot, "185.54.121.7/24")
        assert "host bits" in wizard.field_row("ip_range").message
        await pilot.press("ctrl+f")
        assert wizard.editor("ip_range").value == "185.54.121.0/24"
        wizard.go_to("region")
        await pilot.pause()
        await type_text(pilot, "mumbai")
        assert "ap-south-1" in str(wizard.query_one("#region-matches").render())
        await pilot.press("ctrl+f")
        assert wizard.editor("region").value == "ap-south-1"
