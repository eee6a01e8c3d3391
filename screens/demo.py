"""The demo tour: one page per requirement of the AWS page, each with a sample that fails it.

The pages come from ``byoip.demo.tour_pages()`` (which takes the requirement
texts from ``byoip.requirements``); this screen lays them out and opens a
sample in the wizard (``app.open_wizard(record=...)``) so the failure shows
live, with the recorded lookups the app was given in demo mode.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from byoip.demo import (
    DemoError,
    SampleVerdict,
    TourPage,
    load_sample,
    sample_verdict,
    stage_journey,
    stage_sample,
    tour_pages,
)
from byoip.help import requirement_help
from byoip.text import clean_text
from byoip.tui.app_screen import AppScreen

#: Shown on every demo screen so nobody mistakes the samples for real requests.
BADGE = " DEMO DATA "


class DemoBadge(Static):
    """The visible "demo data" badge."""

    DEFAULT_CSS = """
    DemoBadge {
        width: auto;
        height: 1;
        background: $warning;
        color: $background;
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__(BADGE, id="tour-badge", markup=False)


class DemoScreen(AppScreen[None]):
    """The requirements tour."""

    DEFAULT_CSS = """
    DemoScreen #demo-top {
        height: 1;
        background: $panel;
    }
    DemoScreen #demo-title {
        width: 1fr;
        padding: 0 1;
        text-style: bold;
    }
    DemoScreen #tour-index {
        width: 34;
        height: 1fr;
        border-right: solid $primary;
    }
    DemoScreen #tour-page {
        width: 1fr;
        height: 1fr;
        padding: 0 2;
    }
    DemoScreen .tour-heading {
        margin-top: 1;
        text-style: bold;
        color: $accent;
    }
    DemoScreen #tour-aws {
        border-left: thick $primary;
        padding-left: 1;
    }
    """

    BINDINGS = [
        Binding("right,n,pagedown", "page(1)", "Next", id="demo.next"),
        Binding("left,p,pageup", "page(-1)", "Previous", id="demo.previous"),
        Binding(
            "o",
            "open_sample",
            "Open sample",
            id="demo.open_sample",
            tooltip="Open this page's sample in the wizard, to see the failure live",
        ),
        Binding(
            "j",
            "journey",
            "Journey",
            id="demo.journey",
            tooltip="One request at each stage after the email, in the drafts table",
        ),
        Binding("home", "first", "First page", show=False, id="demo.first"),
        Binding("end", "last", "Last page", show=False, id="demo.last"),
    ]

    page = reactive(0, init=False)

    class VerdictsReady(Message):
        """The samples' verdicts, computed by the app's own checks in a worker."""

        def __init__(self, verdicts: dict[str, SampleVerdict | None]) -> None:
            super().__init__()
            self.verdicts = verdicts

    def __init__(self) -> None:
        super().__init__()
        self.pages: tuple[TourPage, ...] = tuple(tour_pages())
        #: requirement id -> what the checks say about its sample (filled by a worker).
        self.verdicts: dict[str, SampleVerdict | None] = {}
        self.verdict_errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="demo-top"):
            yield DemoBadge()
            yield Static(id="demo-title", markup=False)
        with Horizontal():
            yield OptionList(
                *(
                    Option(Text(f"{p.number:>2}. {p.title}"), id=p.requirement_id)
                    for p in self.pages
                ),
                id="tour-index",
            )
            with VerticalScroll(id="tour-page"):
                yield Static(id="tour-heading", classes="tour-title", markup=False)
                yield Static(id="tour-aws-heading", classes="tour-heading", markup=False)
                yield Static(id="tour-aws", markup=False)
                yield Static("Why it matters (our words)", classes="tour-heading", markup=False)
                yield Static(id="tour-why", markup=False)
                yield Static("How ses-byoip checks it", classes="tour-heading", markup=False)
                yield Static(id="tour-how", markup=False)
                yield Static("If it fails (our words)", classes="tour-heading", markup=False)
                yield Static(id="tour-fix", markup=False)
                yield Static("A sample request that fails it", classes="tour-heading", markup=False)
                yield Static(id="tour-sample", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show(0)
        self.query_one("#tour-index", OptionList).focus()
        self.check_samples()

    @work(
        thread=True,
        group="demo-verdicts",
        exclusive=True,
        name="check samples",
        exit_on_error=False,
    )
    def check_samples(self) -> None:
        """Each sample through the real checks, with the app's recorded lookups."""
        app = self.app
        verdicts: dict[str, SampleVerdict | None] = {}
        for page in self.pages:
            try:
                verdicts[page.requirement_id] = sample_verdict(
                    page,
                    app.settings,
                    fetcher=app.rdap_fetcher,
                    resolver=app.dns_resolver,
                    routing_fetcher=app.routing_fetcher,
                )
            except Exception as exc:  # one sample's trouble must not hide the others
                self.verdict_errors[page.requirement_id] = clean_text(exc, 200)
                verdicts[page.requirement_id] = None
        self.post_message(self.VerdictsReady(verdicts))

    @on(VerdictsReady)
    def _verdicts_ready(self, message: VerdictsReady) -> None:
        self.verdicts = message.verdicts
        self._show(self.page)

    # ------------------------------------------------------------------ pages

    def watch_page(self, page: int) -> None:
        self._show(page)

    def _show(self, index: int) -> None:
        if not self.pages:
            self.query_one("#demo-title", Static).update(Text("No tour pages are available."))
            return
        page = self.pages[index]
        self.query_one("#demo-title", Static).update(
            Text(f"Tour of the requirements · page {page.number} of {len(self.pages)}")
        )
        self.query_one("#tour-heading", Static).update(Text(page.title, style="bold"))
        # AWS's words only where the SES page has them; a rule from elsewhere is our summary.
        words = requirement_help(page.requirement_id)
        self.query_one("#tour-aws-heading", Static).update(
            "What the AWS page says (its words)"
            if words.aws_quote is not None
            else "Not on the SES page (our summary, with its source)"
        )
        self.query_one("#tour-aws", Static).update(Text(words.aws_quote or words.our_summary))
        self.query_one("#tour-fix", Static).update(Text(words.if_it_fails))
        self.query_one("#tour-why", Static).update(Text(page.why))
        self.query_one("#tour-how", Static).update(Text(page.how_checked))
        self.query_one("#tour-sample", Static).update(
            _sample_text(
                page,
                self.verdicts.get(page.requirement_id),
                self.verdict_errors.get(page.requirement_id),
                checked=bool(self.verdicts),
            )
        )
        index_list = self.query_one("#tour-index", OptionList)
        if index_list.highlighted != index:
            index_list.highlighted = index
        self.query_one("#tour-page", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#tour-index")
    def _index_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index is not None and event.option_index != self.page:
            self.page = event.option_index

    @on(OptionList.OptionSelected, "#tour-index")
    def _index_selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_open_sample()

    def action_page(self, step: int) -> None:
        if self.pages:
            self.page = max(0, min(len(self.pages) - 1, self.page + step))

    def action_first(self) -> None:
        self.page = 0

    def action_last(self) -> None:
        self.page = max(0, len(self.pages) - 1)

    # ------------------------------------------------------------------ samples

    def action_journey(self) -> None:
        """The journey samples (one request per stage) in the drafts table, dated today."""
        if not getattr(self.app, "demo", False):
            self.notify("The journey opens only in demo mode (ses-byoip demo).", severity="error")
            return
        try:
            stage_journey(self.app.settings.drafts_dir, self.app.clock())  # type: ignore[attr-defined]
        except (DemoError, OSError) as exc:
            self.notify(Text(str(exc)), severity="error", markup=False, timeout=8)
            return
        self.notify("Journey samples: made-up requests, dates moved to today.", timeout=4)
        open_drafts = getattr(self.app, "open_drafts", None)
        if open_drafts is not None:
            open_drafts()

    def action_open_sample(self) -> None:
        if not self.pages:
            return
        page = self.pages[self.page]
        if page.sample is None:
            self.notify("This requirement has no sample request.", severity="warning")
            return
        if not self.app.demo:
            # Staging writes records into the drafts folder: only ever the demo's own.
            self.notify("Samples open only in demo mode (ses-byoip demo).", severity="error")
            return
        try:
            record = load_sample(page.sample)
            stage_sample(page.sample, self.app.settings.drafts_dir)
        except (DemoError, OSError) as exc:
            self.notify(Text(str(exc)), severity="error", markup=False, timeout=8)
            return
        self.app.open_wizard(record=record)


def _sample_text(
    page: TourPage, verdict: SampleVerdict | None, problem: str | None, checked: bool
) -> Text:
    if page.sample is None:
        return Text(
            "No sample for this one: ses-byoip can't check it for you; "
            "it is a consideration to plan for."
        )
    text = Text()
    text.append(page.sample_label, style="bold")
    if page.sample_note:
        text.append("\n")
        text.append(page.sample_note)
    text.append("\nWhat the app finds: ", style="bold")
    if verdict is not None:
        text.append(verdict.text())
    elif problem:
        text.append(f"the sample could not be checked ({problem}).")
    else:
        text.append("checking…" if not checked else "not known without a lookup.")
    text.append("\n\nPress o to open it in the wizard and see the failure live.", style="italic")
    return text
