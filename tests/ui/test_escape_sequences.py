"""No escape sequence from a draft reaches the terminal (issue 10).

A draft is untrusted input.  Its saved lookup findings and its fields went to the
terminal as they were: the drafts screen's detail pane, the re-check summary, the
wizard's use-case editor and review.  These tests check the BYTES the app writes
(``tests.support.terminal_bytes``), not only the widgets' text.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byoip.config import load_settings
from byoip.findings import Severity
from byoip.record import Record, save_record
from byoip.screens.drafts import DraftsScreen
from byoip.screens.drafts_view import row_detail as _detail
from byoip.screens.wizard import WizardScreen
from byoip.text import clean_editor_text
from byoip.tui.app import ByoipApp
from tests.support.drafts_support import FIXED_NOW, make_record, wait_for_table
from tests.support.terminal_bytes import PAYLOAD, capture_terminal, foreign_controls
from tests.support.wizard_support import async_test, make_app, wait_until

USE_CASE = f"Receipts for our shop.\n\tLine two, Zürich 東京 مرحبا {PAYLOAD} end."


def hostile_record():  # type: ignore[no-untyped-def]
    record = make_record("185.54.121.0/24", use_case=USE_CASE)
    request = replace(record.request, registry=f"RIPE NCC{PAYLOAD}")
    finding = {
        "field": "ip_range",
        "severity": "warning",
        "code": "rdap.more_specific",
        "message": f"saved finding {PAYLOAD} from the file",
    }
    return replace(record, request=request, rdap={"status": "ok", "findings": [finding]})


def write_hostile_draft(folder: Path, record: Record | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    save_record(folder / "hostile.toml", record or hostile_record())
    return folder / "hostile.toml"


async def wizard_at(pilot: Any, step: str, pause: float = 0.3) -> WizardScreen:
    """The wizard (opened on a draft) once it shows ``step``."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
    wizard = app.screen
    wizard.go_to(step)
    await pilot.pause(pause)
    return wizard


@async_test
async def test_the_drafts_detail_pane_writes_no_control_sequence(
    tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    save_record(folder / "hostile.toml", hostile_record())
    settings = load_settings().with_overrides(drafts_dir=folder)
    with capture_terminal(monkeypatch) as written:
        app = ByoipApp(settings, start="drafts", clock=lambda: FIXED_NOW)
        async with app.run_test(size=(130, 34)) as pilot:
            screen = await wait_for_table(pilot)
            assert isinstance(screen, DraftsScreen)
            await pilot.pause(0.2)
            detail = str(screen.query_one("#drafts-detail").render())
            assert "saved finding" in detail and "from the file" in detail
            app.notify(f"a notification {PAYLOAD}")
            await pilot.pause(0.2)
    assert "saved finding" in "".join(written)  # the pane was really drawn
    assert foreign_controls(written) == []


@async_test
async def test_the_use_case_editor_and_review_write_no_control_sequence(
    tmp_path: Path, monkeypatch
) -> None:
    settings = load_settings()
    path = write_hostile_draft(settings.drafts_dir)
    with capture_terminal(monkeypatch) as written:
        app = make_app(settings, open_path=path)
        async with app.run_test(size=(110, 34)) as pilot:
            wizard = await wizard_at(pilot, "use_case")
            editor = wizard.editor("use_case")
            # What a person may type stays: newlines, tabs, any script.
            assert editor.text.startswith("Receipts for our shop.\n\tLine two, Zürich 東京 مرحبا")
            assert "\x1b" not in editor.text and "\u202e" not in editor.text
            wizard.go_to("registry")
            await pilot.pause(0.3)
            assert "\x1b" not in wizard.editor("registry").value
            wizard.go_to("review")
            await pilot.pause(0.3)
            # The fields' values come after what is unmet and unknown: scroll down to them.
            wizard.query_one("#review-summary-scroll").scroll_end(animate=False)
            await pilot.pause(0.3)
    assert "Receipts for our shop." in "".join(written)
    assert foreign_controls(written) == []


@async_test
async def test_a_paste_into_the_use_case_is_cleaned(monkeypatch) -> None:
    from textual import events

    settings = load_settings()
    app = make_app(settings, offer_resume=False)
    async with app.run_test(size=(110, 34)) as pilot:
        wizard = app.screen
        wizard.go_to("use_case")
        await pilot.pause()
        editor = wizard.editor("use_case")
        editor.focus()
        await pilot.pause()
        app.post_message(events.Paste(f"pasted\n\tok {PAYLOAD}"))  # as a terminal sends it
        await pilot.pause(0.2)
        assert editor.text == "pasted\n\tok clickevil"  # once, and only what a person types


# --- property: arbitrary bytes and Unicode through every draft-to-screen path ----------

_TEXT = st.one_of(
    st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=80),
    st.binary(max_size=80).map(lambda raw: raw.decode("latin-1")),
    st.binary(max_size=80).map(lambda raw: raw.decode("utf-8", "replace")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_any_draft_text_renders_without_control_sequences(text: str) -> None:
    """Every renderer a draft's text reaches, drawn on a real (Rich) terminal console."""
    from io import StringIO

    from rich.console import Console

    from byoip.review import damaged_row, record_row
    from byoip.screens.wizard_steps import review_lines

    record = hostile_record()
    finding = {"field": "ip_range", "severity": "warning", "code": "x", "message": text}
    record = replace(
        record,
        request=replace(record.request, use_case=text, account_id=text),
        rdap={"status": "ok", "findings": [finding]},
    )
    row = record_row(Path(f"/d/{text[:20]}.toml"), record, None, ())
    assert any(f.severity is Severity.WARNING for f in row.findings)
    renderables = [
        _detail(row),
        _detail(damaged_row(Path("/d/x.toml"), text, None)),
        review_lines([("Use case", record.request.use_case, "ok")]),
        clean_editor_text(text),
    ]
    for renderable in renderables:
        out = StringIO()
        Console(file=out, force_terminal=True, color_system="truecolor", width=100).print(
            renderable
        )
        assert foreign_controls([out.getvalue()]) == [], (text, renderable)


@async_test
async def test_the_export_screen_writes_no_control_sequence(tmp_path: Path, monkeypatch) -> None:
    from byoip.screens.export import ExportScreen

    settings = load_settings()
    path = write_hostile_draft(settings.drafts_dir)
    with capture_terminal(monkeypatch) as written:
        app = make_app(settings, open_path=path)
        async with app.run_test(size=(120, 34)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
            app.screen.action_export()
            await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
            await pilot.pause(0.3)
    assert "Receipts for our shop." in "".join(written)
    assert foreign_controls(written) == []


def hostile_proof() -> dict[str, str]:
    """A [proof] table as a hostile draft could hold it: every value carries the payload."""
    from byoip import proof as rules

    message = rules.authorization_message("123456789012", "185.54.121.0/24")
    return {
        "message": message,  # a real message, so the saved signature is shown
        "signature": f"c2lnbmF0dXJl{PAYLOAD}",
        "certificate": f"-----BEGIN CERTIFICATE-----\n{PAYLOAD}\n-----END CERTIFICATE-----",
        "certificate_sha256": f"ab{PAYLOAD}",
        "verdict": f"ok {PAYLOAD}",
    }


@async_test
async def test_the_proof_step_writes_no_control_sequence_from_the_draft(
    tmp_path: Path, monkeypatch
) -> None:
    from textual.widgets import Input

    settings = load_settings()
    record = replace(hostile_record(), proof=hostile_proof())
    record = replace(record, request=replace(record.request, account_id="123456789012"))
    path = write_hostile_draft(settings.drafts_dir, record)
    with capture_terminal(monkeypatch) as written:
        app = make_app(settings, open_path=path)
        async with app.run_test(size=(120, 40)) as pilot:
            wizard = await wizard_at(pilot, "proof", pause=0.5)
            signature = wizard.query_one("#proof-signature", Input).value
            assert signature.startswith("c2lnbmF0dXJl")  # the saved signature is shown
            assert "\x1b" not in signature and "\u202e" not in signature
            verdict = str(wizard.query_one("#proof-verdict").render())
            assert verdict  # the saved certificate was read and judged
    assert "The message to sign" in "".join(written)
    assert foreign_controls(written) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_any_proof_table_text_renders_without_control_sequences(text: str) -> None:
    """The proof's verdict on a draft's [proof] table, whatever it holds, as the step shows it."""
    from io import StringIO

    from rich.console import Console

    from byoip.proof import assess_proof
    from byoip.screens.wizard_proof import verdict_text

    table = {
        "message": text,
        "signature": text,
        "certificate": text,
        "certificate_sha256": text,
    }
    verdict = assess_proof(table, "123456789012", "185.54.121.0/24", FIXED_NOW)
    out = StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=100).print(
        verdict_text(verdict)
    )
    assert foreign_controls([out.getvalue()]) == [], text
