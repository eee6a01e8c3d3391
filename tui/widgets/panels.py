"""The panels beside the form: registration (RDAP), reputation, routing (ROA), cost and
requirements.

Each panel only shows what ``byoip`` computed; no rule is decided here.  Every
value that came from the network or a file is shown through ``rich.text.Text``
after ``clean_text`` (never parsed as markup).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from byoip.findings import Finding, sort_findings
from byoip.pricing import format_usd
from byoip.text import clean_text
from byoip.tui.widgets.field_row import finding_text
from byoip.tui.widgets.static_update import update_static

if TYPE_CHECKING:  # the spinner's class is imported when first needed (see busy)
    from textual.widgets import LoadingIndicator


def literal(value: object, max_chars: int = 200) -> Text:
    """Untrusted text, cleaned and never interpreted as markup."""
    return Text(clean_text(value, max_chars=max_chars))


def plain_text(renderable: Any, width: int = 120) -> str:
    """A renderable as plain text, as it would print (for tests and screen readers)."""

    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def key_values(rows: Iterable[tuple[str, object]]) -> Table:
    """A two-column grid of labels and (untrusted) values."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(label, value if isinstance(value, Text) else literal(value))
    return grid


#: Listed addresses shown in the panel (the record and the export keep them all).
MAX_LISTINGS_SHOWN = 20


def listings_table(listings: Sequence[tuple[str, str, str, str]]) -> Table | Text:
    """Listed addresses with zone, return codes and meaning; wraps in a narrow panel."""
    if not listings:
        return Text("")
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    for title in ("Address", "Zone", "Code", "Meaning"):
        table.add_column(title, overflow="fold", style="" if title != "Address" else "bold")
    for row in listings[:MAX_LISTINGS_SHOWN]:
        table.add_row(*(literal(cell, max_chars=120) for cell in row))
    if len(listings) > MAX_LISTINGS_SHOWN:
        table.add_row(Text(f"… {len(listings) - MAX_LISTINGS_SHOWN} more"), "", "", "")
    return table


def findings_text(findings: Sequence[Finding], limit: int = 6) -> Text:
    ordered = sort_findings(findings)
    lines = [finding_text(f) for f in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(Text(f"… and {len(ordered) - limit} more"))
    return Text("\n").join(lines)


class Panel(Vertical):
    """A bordered panel with a title; ``state`` is a word shown in the border."""

    DEFAULT_CSS = """
    Panel { height: auto; border: round $primary-muted; padding: 0 1; }
    Panel > .panel-body { height: auto; }
    Panel > LoadingIndicator { height: 1; }
    """

    # Sub-widgets (spinner, progress bar, table) are mounted the first time they
    # are needed: fewer widgets make the first frame and every keystroke cheaper.

    TITLE = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="panel")
        self.border_title = self.TITLE
        self.state = "idle"
        #: While the person types: a shorter text keeps the panel's height (blank lines),
        #: so that the screen isn't re-arranged on every key (``hold_height``).
        self.holding = False
        self._padded = False
        #: What the body shows, and the key it was shown under (``show``'s ``key``).
        self._renderable: Any = ""
        self._key: object = None
        #: The spinner while a lookup runs (``busy``); None when none runs.
        self._spinner: LoadingIndicator | None = None

    def hold_height(self, hold: bool) -> None:
        """Keep the panel's height while typing; when typing is over, fit the text again."""
        self.holding = hold
        if not hold:
            self.fit_height()

    def fit_height(self) -> None:
        """The text's own height again (typing paused: one layout, not one per key)."""
        if self._padded:
            body = self.query_one(".panel-body", Static)
            self._padded = update_static(body, self._renderable)

    def compose(self) -> ComposeResult:
        yield Static("", classes="panel-body", markup=False)

    def set_state(self, state: str) -> None:
        """The state word in the border: never colour alone."""
        self.state = state
        self.border_subtitle = state

    def busy(self, busy: bool) -> None:
        """A spinner above the text while a lookup runs; gone (not hidden) when it ends.

        A hidden widget still costs every key: the screen walks it (a hidden spinner even
        kept redrawing itself 16 times a second), so it is removed, not hidden.
        """
        from textual.widgets import LoadingIndicator  # imported when first needed

        if busy and self._spinner is None:
            self._spinner = LoadingIndicator()
            self.mount(self._spinner, before=0)
        elif not busy and self._spinner is not None:
            self._spinner.remove()
            self._spinner = None

    def show(self, renderable: Any, state: str, *, key: object = None) -> None:
        """Show ``renderable``; with ``key``, nothing is redrawn when it hasn't changed."""
        self.busy(False)
        if key is not None and key == self._key and state == self.state:
            return
        self._key = key
        self._renderable = renderable
        body = self.query_one(".panel-body", Static)
        self._padded = update_static(body, renderable, keep_height=self.holding)
        self.set_state(state)

    @property
    def body_text(self) -> str:
        """What the body shows, as plain text (tests read it)."""
        return plain_text(self._renderable)


class QuestionsPanel(Panel):
    """What AWS will want to read in the use case, beside the editor."""

    TITLE = "AWS will want to know"


class CostPanel(Panel):
    TITLE = "Cost"

    def shows(self, preview: Any) -> bool:
        """Whether the panel shows exactly this cost preview now."""
        return self.state != "waiting" and self._key == preview

    def show_cost(self, preview: Any | None) -> None:
        if preview is None:
            text = Text("Enter a valid range to see the monthly charge.")
            self.show(text, "waiting", key="waiting")
            return

        rows: list[tuple[str, object]] = [
            ("Addresses", f"{preview.addresses:,}"),
            ("Per IP", f"{format_usd(preview.per_ip)} / month"),
            ("Monthly", format_usd(preview.monthly)),
            ("Yearly", format_usd(preview.yearly)),
        ]
        source = f"{preview.source} ({preview.date})" if preview.date else preview.source
        notes = Text(clean_text(f"Price: {source}.", max_chars=300))
        if preview.assumption:
            notes.append("\n! An assumption: AWS publishes no BYOIP rate; set yours in the config.")

        state = "assumed price" if preview.assumption else "ok"
        self.show(Group(key_values(rows), notes), state, key=preview)


class RequirementsPanel(Panel):
    """Every requirement of the AWS page: met / not met / not yet known, with its finding."""

    TITLE = "Requirements"

    def show_statuses(self, statuses: Sequence[Any]) -> None:
        key = tuple((s.requirement.id, s.verdict, s.finding) for s in statuses)
        if key == self._key:
            return

        lines: list[Any] = []
        met = 0
        for status in statuses:
            verdict = status.verdict
            met += verdict.name == "MET"
            line = Text(f"{verdict.symbol} {status.requirement.title}", style="bold")
            line.append(f" · {verdict.word}", style="not bold")
            lines.append(line)
            if status.finding is not None:
                # A hanging indent: a wrapped sentence stays under its requirement's title.
                message = Text(clean_text(status.finding.message, max_chars=600))
                lines.append(Padding(message, (0, 0, 0, 2)))
        self.show(Group(*lines), f"{met} of {len(statuses)} met", key=key)


class LookupPanel(Panel):
    """A lookup's answer: waiting, asking, failed (with ctrl+r), or rows and findings."""

    #: Who is asked, in "Asking {ASKED} about 192.0.2.0/24 …".
    ASKED = "the source"

    def show_waiting(self) -> None:
        self.show(Text("Starts when the range is valid."), "waiting", key="waiting")

    def show_loading(self, cidr: str) -> None:
        self.show(literal(f"Asking {self.ASKED} about {cidr} …"), "looking up")
        self.busy(True)

    def show_error(self, reason: str) -> None:
        text = Text("✖ ", style="bold")
        text.append(clean_text(reason, max_chars=300))
        text.append("\nPress ctrl+r to retry.")
        self.show(text, "failed")

    def show_unrecorded(self, reason: str) -> None:
        """A replay (demo, samples) has no recording for this range: not a fault to retry."""
        text = Text("? ", style="bold")
        text.append(clean_text(reason, max_chars=300))
        self.show(text, "no recording")

    def show_result(self, rows: Sequence[tuple[str, object]], findings: Sequence[Finding]) -> None:

        parts: list[Any] = [key_values(rows)]
        if findings:
            parts.append(findings_text(findings))
        state = "found" if not any(f.severity == "error" for f in findings) else "problem"
        self.show(Group(*parts), state)


class RdapPanel(LookupPanel):
    """Registration (RDAP): RIR, organisation and kind, network, type, coverage, findings."""

    TITLE = "Registration (RDAP)"
    ASKED = "the registry"


class RoutingPanel(LookupPanel):
    """Routing (ROA): who announces the range today, the verdict per ASN, findings."""

    TITLE = "Routing (ROA)"
    ASKED = "the routing source"

    def show_off(self, sentence: str) -> None:
        """The routing check is turned off in the settings: say so, and how to turn it on."""
        self.show(literal(sentence, max_chars=300), "off", key="off")


class ReputationPanel(Panel):
    """Reputation: progress over the queries, verdict, listed addresses, zone by zone status."""

    TITLE = "Reputation (DNS blocklists)"

    DEFAULT_CSS = """
    ReputationPanel > ProgressBar { height: 1; }
    """

    # The verdict, the listed addresses and the zones are one text in the panel's body (one
    # widget to draw, not three); the progress bar is there only while a sweep runs.
    _progress_bar: ProgressBar | None = None

    def _bar(self, create: bool = False) -> ProgressBar | None:
        # Kept, not queried: a bar mounted a moment ago may not be in the DOM yet.
        bar = self._progress_bar
        if bar is None and create:
            bar = self._progress_bar = ProgressBar(show_eta=False)
            self.mount(bar, before=self.query_one(".panel-body"))
        return bar

    def _show_bar(self, visible: bool) -> ProgressBar | None:
        """The bar while a sweep runs; removed after it (a hidden widget costs every key)."""
        if visible:
            return self._bar(create=True)
        bar = self._bar()
        if bar is not None:
            self._progress_bar = None
            bar.remove()
        return None

    def show_waiting(self, message: str = "Starts when the range is valid.") -> None:
        if self.state == "waiting" and self._key == message:
            return
        self._show_bar(False)
        self.show(literal(message, max_chars=400), "waiting", key=message)

    def show_started(self, total: int) -> None:
        bar = self._show_bar(True)
        if bar is not None:
            bar.update(total=total, progress=0)
        self.show(Text(f"Checking {total:,} blocklist queries …"), "checking")

    def show_progress(self, done: int, total: int) -> None:
        bar = self._bar()
        if bar is not None:
            bar.update(total=total, progress=done)

    def show_error(self, reason: str) -> None:
        self._show_bar(False)
        text = Text("✖ ", style="bold")
        text.append(clean_text(reason, max_chars=300))
        text.append("\nPress ctrl+r to retry.")
        self.show(text, "failed")

    def show_result(
        self,
        verdict: Text,
        listings: Sequence[tuple[str, str, str, str]],
        zones: Sequence[tuple[str, str]],
        state: str,
    ) -> None:
        self._show_bar(False)
        parts: list[Any] = [verdict]
        if listings:
            parts.append(listings_table(listings))
        parts.append(Text("\n").join(literal(f"{status} {zone}") for zone, status in zones))
        self.show(Group(*parts), state)
