"""The app shell: start modes, resume, open, keys, command palette, help, literal text."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from byoip import autosave
from byoip.config import load_settings
from byoip.record import Record, save_record
from byoip.request import Request
from byoip.screens.export import ExportScreen
from byoip.screens.help import HelpScreen
from byoip.screens.wizard import WizardScreen
from byoip.screens.wizard_resume import ResumeScreen
from byoip.store import DraftStore
from tests.support.wizard_support import (
    FIXED_NOW,
    async_test,
    make_app,
    type_text,
    wait_for_lookups,
    wait_until,
)

REQUEST = Request("123456789012", "eu-west-1", "Receipts for our SaaS, 2M a month.", "", "")


@async_test
async def test_work_in_progress_is_autosaved_and_offered_on_next_start() -> None:
    settings = load_settings()
    store = DraftStore(settings.drafts_dir)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "123456789012")
        await wait_until(pilot, lambda: bool(autosave.find(store.folder)), what="the autosave")
    assert autosave.find(store.folder)[0].record.request.account_id == "123456789012"

    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("enter")  # "Resume" has the focus
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert wizard.editor("account_id").value == "123456789012"


@async_test
async def test_a_resumed_wizard_takes_the_new_ones_place() -> None:
    """The new request's wizard is the app's first screen (no empty screen before it);
    a resumed one goes on top and takes its place: escape at its first step stays there,
    and a wizard opened over it returns to it."""
    settings = load_settings()
    DraftStore(settings.drafts_dir).write_autosave(Record.new(REQUEST, now=FIXED_NOW))
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ResumeScreen), what="the offer")
        new = app.screen_stack[0]
        assert isinstance(new, WizardScreen)
        await pilot.press("enter")  # "Resume" has the focus
        await wait_until(pilot, lambda: app.screen is not new and not app.screen.is_modal)
        resumed = app.screen
        assert isinstance(resumed, WizardScreen)
        assert app.own_screens() == [resumed]
        await pilot.press("escape")  # its first step: there is nothing of the app's below
        await pilot.pause()
        assert app.screen is resumed
        app.action_new_request()
        await pilot.pause()
        another = app.screen
        assert isinstance(another, WizardScreen) and another is not resumed
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is resumed, what="back to the resumed one")


@async_test
async def test_the_drafts_table_opened_from_the_wizard_returns_to_it() -> None:
    app = make_app(load_settings(), offer_resume=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WizardScreen) and app.screen_stack == [wizard]
        app.open_drafts()
        await wait_until(pilot, lambda: app.screen is not wizard, what="the drafts table")
        drafts = app.screen
        await wait_until(pilot, lambda: bool(drafts.query("#drafts-table")), what="the table")
        drafts.query_one("#drafts-table").focus()
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is wizard, what="back to the wizard")


@async_test
async def test_the_drafts_table_the_app_starts_on_has_the_wizard_under_it() -> None:
    app = make_app(load_settings(), start="drafts")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: not isinstance(app.screen, WizardScreen))
        drafts = app.screen
        wizard = app.screen_stack[0]
        assert isinstance(wizard, WizardScreen) and app.screen_stack == [wizard, drafts]
        await wait_until(pilot, lambda: bool(drafts.query("#drafts-table")), what="the table")
        drafts.query_one("#drafts-table").focus()
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is wizard, what="the wizard under it")
        await pilot.press("escape")  # the wizard's first step: nothing of the app's below
        await pilot.pause()
        assert app.screen is wizard


@async_test
async def test_saving_stops_the_pending_autosave(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import byoip.screens.wizard

    monkeypatch.setattr(byoip.screens.wizard, "AUTOSAVE_DELAY", 0.2)
    settings = load_settings()
    store = DraftStore(settings.drafts_dir)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "123456789012")
        await pilot.press("ctrl+s")  # before the autosave's quiet time has passed
        await wait_until(pilot, lambda: any(store.folder.glob("[!.]*.toml")), what="the draft")
        await pilot.pause(0.5)  # well past the (shortened) autosave delay
        assert not autosave.find(store.folder)


@async_test
async def test_starting_new_moves_the_autosave_to_the_trash() -> None:
    settings = load_settings()
    store = DraftStore(settings.drafts_dir)
    store.write_autosave(Record.new(REQUEST, now=FIXED_NOW))
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.editor("account_id").value == ""
    assert not store.autosave_path.exists()
    assert [p.name for p in store.trash_folder.iterdir()] == [".autosave.toml"]


@async_test
async def test_open_path_resumes_a_saved_record_and_saves_in_place() -> None:
    settings = load_settings()
    path = settings.drafts_dir / "mine.toml"
    save_record(path, Record.new(REQUEST, now=FIXED_NOW))
    app = make_app(settings, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wizard = app.screen
        assert wizard.editor("region").value == "eu-west-1"
        wizard.go_to("ip_range")
        await pilot.pause()
        await type_text(pilot, "185.54.121.0/24")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: wizard.session.dirty is False)
        await wait_for_lookups(pilot)
    assert [p.name for p in DraftStore(settings.drafts_dir).paths()] == ["mine.toml"]
    assert DraftStore(settings.drafts_dir).entries()[0].record.request.ip_range == (
        "185.54.121.0/24"
    )


@async_test
async def test_a_damaged_record_is_reported_and_left_untouched() -> None:
    settings = load_settings()
    path = settings.drafts_dir / "broken.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[request\naccount_id = 1\n")
    app = make_app(settings, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        messages = [n.message for n in app._notifications]
        assert any(str(path) in m and "left as it is" in m for m in messages)
    assert path.read_text() == "[request\naccount_id = 1\n"


@async_test
async def test_save_from_the_export_screen_and_quit_with_ctrl_q() -> None:
    settings = load_settings()
    app = make_app(settings, offer_resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "123456789012")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(DraftStore(settings.drafts_dir).paths()))
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


@async_test
async def test_f1_opens_help_for_the_current_step() -> None:
    app = make_app(load_settings(), offer_resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.go_to("region")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.step == "region"
        source = app.screen.query_one("#help-text").source
        assert "single AWS Region" in source and "five address ranges" in source
        await pilot.press("escape")
        assert isinstance(app.screen, WizardScreen)


@async_test
async def test_command_palette_offers_the_apps_commands() -> None:
    app = make_app(load_settings(), offer_resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("New request", "Open drafts", "Demo", "Save draft", "Review and export"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    from byoip.screens.wizard_resume import ResumeScreen as Resume

    for owner in (App, WizardScreen, ExportScreen, HelpScreen, Resume):
        if owner is App:
            from byoip.tui.app import ByoipApp as owner
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            assert binding.id and binding.tooltip, (owner.__name__, binding.key)


@async_test
async def test_hostile_registry_text_is_shown_literally(rdap_server, dns_server) -> None:
    app = make_app(load_settings(), offer_resume=False)
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = app.screen
        wizard.go_to("ip_range")
        await pilot.pause()
        await type_text(pilot, "66.66.66.0/24")
        await wait_for_lookups(pilot)
        body = wizard.query_one("#rdap-panel").body_text
        assert "[bold]Evil[/bold] Corp" in body  # markup shown as typed, not applied
        assert "\x1b" not in body and "\u202e" not in body
        assert app.is_running


def test_demo_start_never_touches_the_drafts_folder(tmp_path: Path) -> None:
    settings = load_settings()
    from byoip.tui.app import ByoipApp

    app = ByoipApp(settings, start="demo")
    try:
        assert app.demo is True
        assert app.settings.drafts_dir != settings.drafts_dir
    finally:
        app._demo_env.cleanup()


@async_test
async def test_quitting_right_after_typing_keeps_the_work() -> None:
    settings = load_settings()
    store = DraftStore(settings.drafts_dir)
    app = make_app(settings, offer_resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "1234")
        await pilot.press("ctrl+q")  # well before the autosave's quiet time
    assert autosave.find(store.folder)[0].record.request.account_id == "1234"


@async_test
async def test_export_copies_the_email_and_shows_the_mailto_link() -> None:
    app = make_app(load_settings(), offer_resume=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await type_text(pilot, "123456789012")
        await pilot.press("ctrl+o")
        await pilot.pause()
        export = app.screen
        assert isinstance(export, ExportScreen)
        await pilot.press("c")
        assert app.clipboard.startswith("To: ses-byoip-request@amazon.com\nSubject: ")
        assert "123456789012" in app.clipboard
        await pilot.press("m")
        status = str(export.query_one("#export-status").render())
        assert status.startswith("mailto:ses-byoip-request@amazon.com?subject=")
        await pilot.press("escape")
        assert isinstance(app.screen, WizardScreen)


@async_test
async def test_a_saved_proof_is_verified_when_the_record_opens(identity) -> None:
    from datetime import UTC, datetime

    from byoip.requirements import Verdict
    from tests.support.fixtures_proof import ACCOUNT, CIDR, future_message, sign

    message = future_message(account=ACCOUNT, cidr=CIDR)
    proof = {
        "message": message,
        "signature": sign(identity.key, message),
        "certificate": identity.cert_one_line,
    }
    settings = load_settings()
    path = settings.drafts_dir / "signed.toml"
    request = Request(ACCOUNT, "us-east-1", "Receipts for our SaaS, 2M a month.", CIDR, "ARIN")
    save_record(path, Record(request=request, created=FIXED_NOW, updated=FIXED_NOW, proof=proof))
    # The certificate is valid from yesterday (real time), so this test uses the real clock.
    app = make_app(settings, open_path=path, clock=lambda: datetime.now(UTC))
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = app.screen
        await wait_until(pilot, lambda: wizard.session.proof_verdict is not None, what="the check")
        assert wizard.session.proof_verdict.ok, wizard.session.proof_verdict.reason
        statuses = {s.requirement.id: s for s in wizard.session.requirement_statuses()}
        assert statuses["proof_of_ownership"].verdict is Verdict.MET
        line = wizard.query_one("#step-list").line_for("proof")
        assert "✔" in line and line.endswith("ok")
