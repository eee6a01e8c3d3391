"""The Textual app: the wizard, the drafts table and the demo, with one set of app-wide keys.

Start-up is kept fast: only Textual and the keystroke-path rules are imported
here; lookups (ipwhois, aiodns, cryptography), the drafts table and the demo
are imported when first used.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from byoip.heap import CollectorHold, collector_paused

# Textual, the wizard's screen and its rules are tens of thousands of objects that live as
# long as the app: loaded with the cycle collector paused (see byoip/heap.py).
with collector_paused():
    from rich.text import Text
    from textual import on, work
    from textual.app import App, SystemCommand
    from textual.binding import Binding
    from textual.message import Message
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from byoip.config import Settings
    from byoip.screens.wizard import WizardScreen
    from byoip.text import clean_text

if TYPE_CHECKING:
    from byoip.autosave import Autosave
    from byoip.demo import DemoEnvironment
    from byoip.fetching import Fetcher
    from byoip.record import Record
    from byoip.reputation.resolvers import Resolver
    from byoip.screens.wizard import WizardScreen

StartMode = Literal["new", "drafts", "demo"]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class ByoipApp(App[None]):
    """Prepare a request to bring your own IPv4 range to Amazon SES."""

    TITLE = "ses-byoip"
    SUB_TITLE = "bring your own IP range to Amazon SES"
    #: Absolute, so subclasses (benchmarks, tests) defined elsewhere find it too.
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))

    BINDINGS = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            tooltip="Quit; asks first when there is unsaved work, and says where it is kept.",
            priority=True,
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="app.save",
            tooltip="Save the request as a draft in the drafts folder (from any step).",
            priority=True,
        ),
        Binding(
            "f1",
            "help",
            "Help",
            id="app.help",
            tooltip="What AWS requires at this step, and why.",
        ),
    ]

    class TempFilesRemoved(Message):
        """Temp files a crash left next to the drafts were removed."""

        def __init__(self, paths: list[Path]) -> None:
            super().__init__()
            self.paths = paths

    def __init__(
        self,
        settings: Settings,
        open_path: Path | None = None,
        start: StartMode | str = "new",
        *,
        clock: Callable[[], datetime] | None = None,
        offer_resume: bool = True,
    ) -> None:
        with collector_paused():  # Textual's app: more of the start's objects (byoip/heap.py)
            super().__init__()
        self.settings = settings
        self.open_path = open_path
        self.start = start
        #: The time source for records and emails (tests and screenshots inject a fixed one).
        self.clock: Callable[[], datetime] = clock or utc_now
        self.offer_resume = offer_resume
        self.demo = False
        #: Recorded answers in demo mode (None: the real services, as configured).
        self.rdap_fetcher: Fetcher | None = None
        self.dns_resolver: Resolver | None = None
        self.routing_fetcher: Fetcher | None = None
        self._demo_env: DemoEnvironment | None = None
        #: The cycle collector, held from the start until the first frames are painted.
        self._start_hold: CollectorHold | None = None
        if start == "demo":
            self.enter_demo()

    # --- modes ----------------------------------------------------------------------------

    def enter_demo(self) -> None:
        """Demo mode: a temporary drafts folder and recorded lookups; nothing real is touched."""
        if self.demo:
            return
        # Deferred: demo mode only.
        from byoip.demo import prepare_demo

        env = prepare_demo(self.settings)
        self._demo_env = env
        self.settings = env.settings
        self.rdap_fetcher = env.rdap_fetcher
        self.dns_resolver = env.dns_resolver
        self.routing_fetcher = env.routing_fetcher
        self.demo = True
        self.sub_title = "demo data · nothing is saved to your drafts"

    def on_load(self) -> None:
        # The start makes the styles, the screen and its widgets: a burst of objects that
        # nearly all live on (see byoip/heap.py); the wizard releases it once built.
        self._start_hold = CollectorHold()

    def started(self) -> None:
        """The first frames are painted: the cycle collector runs again."""
        if self._start_hold is not None:
            self._start_hold.release()

    def _opens_a_record(self) -> bool:
        return self.start not in ("drafts", "demo") and self.open_path is not None

    def get_default_screen(self) -> Screen[Any]:
        """The wizard is the first screen: Textual's empty default screen, composed, styled
        and laid out before the wizard is pushed on it, cost start-up time.  (A record to
        open is read first: its wizard is pushed once it is, on the empty screen.)"""
        if self._opens_a_record():
            return super().get_default_screen()
        return WizardScreen()

    def own_screens(self) -> list[Screen[Any]]:
        """The app's screens on the stack, bottom first: not Textual's empty default screen
        (under an opened record), nor a wizard a resumed one took the place of."""
        return [
            screen
            for screen in self.screen_stack
            if screen.id != "_default"
            and not (isinstance(screen, WizardScreen) and screen.replaced)
        ]

    def on_mount(self) -> None:
        if self.start == "drafts":
            self.open_drafts()
        elif self.start == "demo":
            self.open_demo()
        elif self.open_path is not None:
            self._open_path(self.open_path)
        elif self.offer_resume:
            # After the first frame: reading the autosave needs the record code.
            self.call_after_refresh(self._offer_resume)
        if not self.demo:
            self.call_after_refresh(self._remove_stale_temp_files)

    @work(thread=True, exclusive=True, group="housekeeping", name="remove stale temp files")
    def _remove_stale_temp_files(self) -> None:
        """Temp files of atomic writes that a crash left next to the drafts (ours, and old)."""
        from byoip.atomic import remove_stale_temp_files  # after the first frame (start-up)

        removed = remove_stale_temp_files(Path(self.settings.drafts_dir))
        if removed:
            self.post_message(self.TempFilesRemoved(removed))

    @on(TempFilesRemoved)
    def _temp_files_removed(self, message: TempFilesRemoved) -> None:
        names = ", ".join(path.name for path in message.paths[:3])
        more = f" and {len(message.paths) - 3} more" if len(message.paths) > 3 else ""
        self.notify(
            f"Removed {len(message.paths)} temp file(s) an interrupted save left in the "
            f"drafts folder: {names}{more}.",
            title="Cleaned up",
        )

    def _open_path(self, path: Path) -> None:
        # Deferred: records are not needed for the first frame.
        from byoip.record import RecordError, load_record

        try:
            record = load_record(path)
        except (RecordError, OSError) as exc:
            self.push_screen(WizardScreen())
            self.notify(
                f"{clean_text(str(exc), 300)} The file was left as it is.",
                title="Could not open the record",
                severity="error",
                timeout=12,
            )
            return
        self.push_screen(WizardScreen(record=record, path=path))

    def _offer_resume(self) -> None:
        """Offer the newest work a closed or crashed window left (never a live window's)."""
        # Deferred: screens other than the wizard load when first opened, and the autosave
        # code when first used (start-up).
        from byoip.autosave import orphans as autosave_orphans
        from byoip.screens.wizard_resume import ResumeScreen

        orphans = autosave_orphans(Path(self.settings.drafts_dir))
        if orphans:
            self.push_screen(ResumeScreen(orphans[0], self.settings), self._resume_answered)

    def _resume_answered(self, found: Autosave | None) -> None:
        if found is None:
            return
        # The new request's wizard is the first screen, which Textual can't switch: the
        # resumed one goes on top of it and takes its place (see own_screens).
        new = self._wizard()
        if new is not None:
            new.replaced = True
        self.push_screen(WizardScreen(resumed=found))

    def on_unmount(self) -> None:
        self.started()  # closed before the first frames: the collector runs again all the same
        # Stop registry lookups still in flight: Python waits for their threads at exit.
        # (Only if one ever started: importing the network code would slow the start.)
        transport = sys.modules.get("byoip.rdap.transport")
        if transport is not None:
            transport.cancel_all()
        if self._demo_env is not None:
            self._demo_env.cleanup()

    # --- the UI contract (drafts and demo call these) -------------------------------------

    def notify(
        self,
        message: Any,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is shown literally, whoever sends it.

        Messages carry file names, paths, OS errors, draft contents and typed text:
        parsed as markup, a name like ``[link='x.toml`` would crash the app and
        ``[@click=app.quit]`` would become an action.  So this one place turns the
        message (str or rich Text) into cleaned plain text and never parses markup.
        """
        plain = message.plain if isinstance(message, Text) else str(message)
        kwargs: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        super().notify(
            clean_text(plain, 500, keep_newlines=True),
            title=clean_text(title, 100),
            severity=severity,
            markup=False,
            **kwargs,
        )

    def open_wizard(self, path: Path | None = None, record: Record | None = None) -> None:
        """Push the wizard on a saved record (drafts table) or a sample record (demo)."""

        if record is None and path is not None:
            # Deferred: records are not needed for the first frame.
            from byoip.record import RecordError, load_record

            try:
                record = load_record(path)
            except (RecordError, OSError) as exc:
                self.notify(clean_text(str(exc), 300), severity="error", timeout=10)
                return
        self.push_screen(WizardScreen(record=record, path=path))

    def open_drafts(self) -> None:
        # Deferred: screens other than the wizard load when first opened (start-up).
        from byoip.screens.drafts import DraftsScreen

        self.push_screen(DraftsScreen(self.settings))

    def open_demo(self) -> None:
        # Deferred: screens other than the wizard load when first opened (start-up).
        from byoip.screens.demo import DemoScreen

        self.enter_demo()
        self.push_screen(DemoScreen())

    # --- app-wide actions -----------------------------------------------------------------

    def _wizard(self) -> WizardScreen | None:

        return self.screen if isinstance(self.screen, WizardScreen) else None

    def _wizard_below(self) -> WizardScreen | None:
        """The wizard on top, or under the screens it opened (export, help)."""
        # Deferred: screens other than the wizard load when first opened (start-up).
        from byoip.screens.export import ExportScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, WizardScreen):
                return screen
            if not screen.is_modal and not isinstance(screen, ExportScreen):
                return None  # the drafts table or the demo: no wizard of theirs is open
        return None

    def action_save(self) -> None:
        wizard = self._wizard_below()
        if wizard is None:
            self.notify("Open a request in the wizard to save it.", severity="warning")
            return
        wizard.action_save()

    async def action_quit(self) -> None:
        """Quit; with unsaved work, first say where it is kept and ask."""
        # Deferred: screens other than the wizard load when first opened (start-up).
        from byoip.screens.wizard_save import QuitScreen

        if isinstance(self.screen, QuitScreen):
            self.exit()  # ctrl+q twice: the person means it
            return
        notes = []
        for screen in self.screen_stack:
            if isinstance(screen, WizardScreen) and not screen.demo:  # a demo keeps nothing
                screen.flush_autosave()  # the last keystrokes too
                note = screen.session.unsaved_note()
                if note is not None:
                    notes.append(note)
        if not notes:
            self.exit()
            return
        notes.append("Work kept in an autosave file is offered again on the next start.")
        self.push_screen(QuitScreen(notes), self._quit_answered)

    def _quit_answered(self, quit_: bool | None) -> None:
        if quit_:
            self.exit()

    def action_help(self) -> None:
        # Deferred: screens other than the wizard load when first opened (start-up).
        from byoip.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        wizard = self._wizard()
        self.push_screen(HelpScreen(wizard.step if wizard is not None else "account_id"))

    def action_new_request(self) -> None:

        self.push_screen(WizardScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "New request", "Start a new request in the wizard", self.action_new_request
        )
        yield SystemCommand("Open drafts", "Review the saved drafts in a table", self.open_drafts)
        yield SystemCommand(
            "Demo", "Tour the requirements with sample requests (writes nothing)", self.open_demo
        )
        wizard = self._wizard()
        if wizard is not None:
            yield SystemCommand("Save draft", "Save this request (ctrl+s)", self.action_save)
            yield SystemCommand(
                "Review and export",
                "The TOML record and the email, side by side; export them",
                wizard.action_export,
            )
        yield SystemCommand(
            "Help", "What AWS requires at this step, and why (F1)", self.action_help
        )
        yield from super().get_system_commands(screen)
