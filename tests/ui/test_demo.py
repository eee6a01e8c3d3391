"""Demo mode: the tour, opening a sample in the wizard, writing only to a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from byoip import demo
from byoip.config import load_settings
from byoip.rdap import RecordedFetcher
from byoip.requirements import REQUIREMENTS
from byoip.screens.demo import DemoScreen
from byoip.screens.wizard import WizardScreen
from byoip.tui.app import ByoipApp
from tests.support.drafts_support import FIXED_NOW, async_test, wait_until

SIZE = (120, 34)


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def demo_app() -> ByoipApp:
    return ByoipApp(load_settings(), start="demo", clock=lambda: FIXED_NOW, offer_resume=False)


def page_text(screen: DemoScreen) -> str:
    parts = ("#demo-title", "#tour-heading", "#tour-aws", "#tour-why", "#tour-how", "#tour-sample")
    return "\n".join(str(screen.query_one(part).render()) for part in parts)


async def wait_for_verdicts(pilot) -> DemoScreen:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DemoScreen))
    screen = pilot.app.screen
    await wait_until(pilot, lambda: bool(screen.verdicts), what="the samples' verdicts")
    await pilot.pause()
    return screen


def test_one_tour_page_per_requirement_from_the_requirements_module() -> None:
    pages = demo.tour_pages()
    assert [p.requirement_id for p in pages] == [r.id for r in REQUIREMENTS]
    for page, requirement in zip(pages, REQUIREMENTS, strict=True):
        assert (page.aws_text, page.why, page.how_checked) == (
            requirement.aws_text,
            requirement.why,
            requirement.how_checked,
        )
    # Every sample named exists, and its note is the file's own comment.
    with_samples = [p for p in pages if p.sample]
    assert len(with_samples) == len(pages) - 1  # all but "no shared pool" (not checkable)
    for page in with_samples:
        assert (demo.SAMPLES_DIR / page.sample.path).is_file()
        assert page.sample_note and "expect:" not in page.sample_note


def test_every_sample_fails_its_requirement_through_the_real_checks(tmp_path: Path) -> None:
    env = demo.prepare_demo(load_settings(), folder=tmp_path / "demo")
    try:
        for page in demo.tour_pages():
            verdict = demo.sample_verdict(
                page,
                env.settings,
                env.rdap_fetcher,
                env.dns_resolver,
                routing_fetcher=env.routing_fetcher,
            )
            if page.sample is None:
                assert verdict is None
                continue
            # Decided by the real checks: rules, recorded registry and blocklist answers
            # replayed through lookup_rdap and sweep, the proof verifier.
            assert verdict is not None and verdict.word == "not met", (page.requirement_id, verdict)
            assert verdict.message
        assert env.rdap_fetcher.requests, "the lookups went through the recorded fetcher"
        assert env.routing_fetcher.requests, "the routing check replayed its recording"
    finally:
        env.cleanup()
    assert not (tmp_path / "demo").exists()


def test_demo_settings_point_at_a_temporary_folder(tmp_path: Path) -> None:
    settings = load_settings()
    env = demo.prepare_demo(settings)
    try:
        assert env.settings.drafts_dir != settings.drafts_dir
        assert env.folder in env.settings.drafts_dir.parents
        assert env.folder in env.settings.cache_dir.parents
        assert isinstance(env.rdap_fetcher, RecordedFetcher)
        assert env.dns_resolver is not None
    finally:
        env.cleanup()
    assert not env.folder.exists()


def test_staging_refuses_any_folder_but_the_demos_own(tmp_path: Path) -> None:
    page = next(p for p in demo.tour_pages() if p.requirement_id == "five_per_region")
    real = tmp_path / "my-drafts"
    real.mkdir()
    with pytest.raises(demo.DemoError, match="not a demo folder"):
        demo.stage_sample(page.sample, real)
    assert tree(real) == []
    env = demo.prepare_demo(load_settings(), folder=tmp_path / "demo")
    try:
        staged = demo.stage_sample(page.sample, env.settings.drafts_dir)
        assert sorted(p.name for p in staged) == [f"range-{n}.toml" for n in range(1, 6)]
        # The next sample replaces these companions instead of adding to them.
        other = next(p for p in demo.tour_pages() if p.requirement_id == "one_region")
        demo.stage_sample(other.sample, env.settings.drafts_dir)
        assert tree(env.settings.drafts_dir) == ["eu-central-1.toml"]
    finally:
        env.cleanup()


@async_test
async def test_tour_pages_turn_by_keyboard(tmp_path: Path) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_verdicts(pilot)
        assert app.demo
        assert str(screen.query_one("#tour-badge").render()).strip() == "DEMO DATA"
        text = page_text(screen)
        assert f"page 1 of {len(REQUIREMENTS)}" in text and REQUIREMENTS[0].aws_text in text
        assert "✖ not met" in text
        await pilot.press("right", "n")
        assert screen.page == 2 and f"page 3 of {len(REQUIREMENTS)}" in page_text(screen)
        assert REQUIREMENTS[2].how_checked in page_text(screen)
        await pilot.press("left")
        assert screen.page == 1
        await pilot.press(*["pagedown"] * len(REQUIREMENTS))
        assert screen.page == len(REQUIREMENTS) - 1  # stops at the last page
        await pilot.press("left")  # "No shared IP pool": nothing a sample could show
        assert "No sample for this one" in page_text(screen)
        await pilot.press("home")
        assert screen.page == 0
        assert screen.query_one("#tour-index", OptionList).highlighted == 0


@async_test
async def test_opening_a_sample_shows_the_failure_live_and_writes_only_to_a_temp_folder(
    tmp_path: Path,
) -> None:
    real_drafts, real_cache = load_settings().drafts_dir, load_settings().cache_dir
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_verdicts(pilot)
        demo_folder = app.settings.drafts_dir
        assert demo_folder != real_drafts
        await pilot.press("n", "n", "n", "n", "n", "n")  # page 7: five ranges per Region
        assert screen.pages[screen.page].requirement_id == "five_per_region"
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        wizard = app.screen
        assert wizard.session.request.ip_range == "185.54.116.0/24"
        # The rules across drafts see the staged companions: the sixth range is refused live.
        await wait_until(
            pilot,
            lambda: (
                "cross.too_many_ranges" in {f.code for f in wizard.session.draft_findings() or ()}
            ),
            what="the cross-draft finding",
        )
        await pilot.press("ctrl+s")  # a trainer saving in the demo saves into the temp folder
        await pilot.pause()
        await app.workers.wait_for_complete()
        saved = tree(demo_folder)
        assert len(saved) == 6, saved
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, WizardScreen))
    assert tree(real_drafts) == [] and tree(real_cache) == []
    assert not demo_folder.exists(), "the temporary folder is removed when the app ends"


@async_test
async def test_registry_failure_replays_from_the_recording(tmp_path: Path) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_verdicts(pilot)
        await pilot.press("n")  # page 2: registered to a business
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        wizard = app.screen
        await wait_until(
            pilot,
            lambda: wizard.session.rdap_result is not None,
            what="the registration lookup",
        )
        await app.workers.wait_for_complete()
        codes = {f.code for f in wizard.session.rdap_result.findings}
        assert "rdap.registrant_person" in codes
        assert any("23.150.164.0" in url for url in app.rdap_fetcher.requests)


@async_test
async def test_reputation_failure_replays_from_the_recording(tmp_path: Path) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_verdicts(pilot)
        await pilot.press("n", "n", "n")  # page 4: clean history
        assert screen.pages[screen.page].requirement_id == "clean_history"
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        wizard = app.screen
        await wait_until(pilot, lambda: wizard.session.sweep_result is not None, what="the sweep")
        assert wizard.session.sweep_result.verdict == "listed"
        assert "199.188.1.25" in wizard.session.sweep_result.listed_addresses
        assert "recording" in wizard.session.sweep_result.resolver
