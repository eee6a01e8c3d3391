"""The wizard's steps: their names, what each asks for, and the editor for each field.

Only words and layout live here; the rules are in ``byoip.fields``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import Suggester
from textual.widgets import Input, Static

from byoip.findings import Severity
from byoip.request import FIELD_LABELS, USE_CASE_TOPICS
from byoip.session import Progress, WizardSession
from byoip.text import clean_text
from byoip.tui.widgets import FieldRow, StepState
from byoip.tui.widgets.clean_input import CleanInput

if TYPE_CHECKING:
    from byoip.session.readiness import Readiness

#: (step id, short name shown in the step list), in order.
STEPS: tuple[tuple[str, str], ...] = (
    ("account_id", "Account"),
    ("region", "Region"),
    ("use_case", "Use case"),
    ("ip_range", "IP range"),
    ("registry", "Registry"),
    ("proof", "Proof"),
    ("review", "Review"),
)
STEP_IDS: tuple[str, ...] = tuple(key for key, _ in STEPS)
FIELD_STEPS: tuple[str, ...] = ("account_id", "region", "use_case", "ip_range", "registry")

#: The wizard's own keys (the app adds ctrl+s, ctrl+q and F1).
WIZARD_BINDINGS = [
    Binding(
        "ctrl+n",
        "next_step",
        "Next",
        id="wizard.next",
        tooltip="Go to the next step (Enter does the same in a one-line field).",
    ),
    Binding(
        "escape",
        "previous_step",
        "Back",
        id="wizard.back",
        tooltip="Go back one step; nothing you typed is lost.",
    ),
    Binding(
        "ctrl+f",
        "use_suggestion",
        "Fix",
        id="wizard.fix",
        tooltip="Replace the field with the value the rule suggests.",
    ),
    Binding(
        "ctrl+r",
        "retry_lookups",
        "Lookups",
        id="wizard.retry",
        tooltip="Run the registration and reputation lookups again (also large ranges).",
    ),
    Binding(
        "ctrl+o",
        "export",
        "Export",
        id="wizard.export",
        tooltip="Review the TOML record and the email, and export them.",
    ),
]

#: The step list's state for each of the session's progress words.
PROGRESS_STATE: dict[Progress, StepState] = {
    "todo": StepState.TODO,
    "done": StepState.DONE,
    "warning": StepState.WARNING,
    "error": StepState.ERROR,
}

#: One or two sentences under each step's title.
INTROS: dict[str, str] = {
    "account_id": "The 12-digit ID of the AWS account that will send from the range "
    "(the console shows it as 1234-5678-9012).",
    "region": "The one SES Region where you will use the range. Type a code or a place "
    "(mumbai, ireland); → accepts the completion.",
    "use_case": "Describe what you send and why you want your own range. "
    "Tab leaves the editor; ctrl+n goes on.",
    "ip_range": "The IPv4 range you bring, in CIDR form: a /24 or larger. "
    "Its registration and reputation are looked up beside the form.",
    "registry": "The internet registry the range is registered with, pre-filled from "
    "IANA's map; change it if the range was transferred.",
    "proof": "Proof of ownership: a signed authorization message.",
    "review": "Check everything, then review the record and the email and export them.",
}

#: Hints shown under a field when the rule has nothing to say yet.
HINTS: dict[str, str] = {
    "account_id": "12 digits; dashes and spaces are fine.",
    "region": "e.g. us-east-1, eu-west-1, ap-south-1.",
    "use_case": "At least a few sentences.",
    "ip_range": "e.g. a.b.c.0/24",
    "registry": "ARIN, RIPE NCC, APNIC, LACNIC or AFRINIC.",
}

#: Beside the use-case editor: what AWS reviewers ask about (the topics byoip.fields names).
USE_CASE_QUESTIONS: tuple[str, ...] = (
    *(f"• {topic[0].upper()}{topic[1:]}?" for topic in USE_CASE_TOPICS),
    "• How recipients opt in, and how you handle bounces, complaints and unsubscribes?",
)


class RegionSuggester(Suggester):
    """Type-ahead for Region codes: the first code that begins with what is typed.

    Place names ("mumbai") are not suggested here: Input shows a suggestion only when it
    continues what was typed.  The Region step lists the matching codes under the field
    instead (``WizardSession.region_choices``), and ctrl+f takes the best one.
    """

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.strip().casefold()
        if not typed:
            return None
        from byoip.regions import REGIONS  # the first key, not the first frame

        for code in REGIONS:
            if code.startswith(typed):
                return code
        return None


def _input(step: str, placeholder: str, **kwargs: object) -> Input:
    # The rules in byoip.fields validate (FieldRow sets "-invalid"); Input's own
    # validation would clear that class on every key and on blur.
    return CleanInput(
        placeholder=placeholder,
        id=f"{step}-input",
        select_on_focus=False,
        validate_on=(),
        **kwargs,
    )


def step_head(title: str, intro: str, label: str | None = None) -> Static:
    """A step's title, the sentences under it and its field's label, as one widget.

    One widget, not three: every widget on the screen, shown or not, costs a little on
    every key and at start-up (seven steps are mounted).  It looks as they did: a blank
    line, the bold title, the intro in muted words, a blank line, the label (indented
    by one, in the screen's own colour) just above the field.
    """
    # The intro's muted colour is the widget's (app.tcss: .step-head); the others their own.
    parts: list[str | tuple[str, str]] = ["\n", (title, "bold $text-accent"), "\n", intro, "\n"]
    if label is not None:
        parts += ["\n ", (label, "$foreground")]
    return Static(Content.assemble(*parts), classes="step-head")


def compose_step(step: str) -> ComposeResult:
    """The widgets of one field step (title and intro, field row)."""
    label = FIELD_LABELS.get(step, step)
    yield step_head(label, INTROS[step], label)
    if step == "account_id":
        editor = _input(step, "123456789012", max_length=32)
    elif step == "region":
        editor = _input(step, "us-east-1", suggester=RegionSuggester())
    elif step == "use_case":
        # A large module: only when this step is built.  Cleans what a draft loads into it.
        from byoip.tui.widgets.clean_text_area import CleanTextArea

        editor = CleanTextArea(id="use_case-input", soft_wrap=True, tab_behavior="focus")
    elif step == "ip_range":
        editor = _input(step, "a.b.c.0/24", max_length=64)
    else:
        editor = _input(step, "ARIN", suggester=None)
    # The label is the last line of the step's head (one widget fewer).
    yield FieldRow(None, editor, field=step, id=f"{step}-row")
    if step == "region":
        yield Static("", id="region-matches", markup=False)


def review_lines(rows: Iterable[tuple[str, str, str]]) -> str:
    """(label, value, state word) rows as aligned plain text."""
    # The values come from a draft file: no control sequence may reach the screen.
    return "\n".join(
        f"{state:<8} {label}\n         {clean_text(value, None, keep_newlines=True)}"
        for label, value, state in rows
    )


def review_text(session: WizardSession, readiness: Readiness | None = None) -> RenderableType:
    """The review step: what is unmet and unknown first, then each field's value and state."""

    # Deferred: the review step only (not part of the first frame).
    from byoip.tui.widgets.outstanding import outstanding_table

    readiness = readiness or session.readiness()
    items = (*readiness.unmet, *readiness.unknown, *readiness.to_confirm)
    outstanding = outstanding_table(items)
    rows = []
    for row in session.review_rows():
        state = PROGRESS_STATE[row.progress]
        value = clean_text(row.value, max_chars=40)
        rows.append((row.label, value, f"{state.symbol} {state.word}"))
    text = "\n" + review_lines(rows)
    # The fields' errors are at the top already; their warnings are said here.
    warnings = [f for f in session.problems() if f.severity == Severity.WARNING]
    if warnings:
        text += "\n\n" + "\n".join(f"! {clean_text(f.message, 300)}" for f in warnings)
    return Group(Text(readiness.headline(), style="bold"), outstanding, Text(text))


def compose_review() -> ComposeResult:
    yield step_head("Review and export", INTROS["review"])
    yield VerticalScroll(Static("", id="review-summary", markup=False), id="review-summary-scroll")
    # Deferred: the review step only (not part of the first frame).
    from textual.widgets import Button

    yield Button("Review record and email…", id="review-export", variant="primary")


def build_step(step: str, *, visible: bool = False) -> Vertical:
    """The container of one step, hidden unless ``visible``."""
    if step in FIELD_STEPS:
        children = list(compose_step(step))
    elif step == "proof":
        children = list(compose_proof_placeholder())
    else:
        children = list(compose_review())
    container = Vertical(*children, id=f"step-{step}", classes="step")
    container.display = visible
    return container


def compose_proof_placeholder() -> ComposeResult:
    yield Static("Proof of ownership", classes="step-title")
    # The proof widget is mounted on first visit; it is taller than most terminals
    # (message, commands, signature, verdict, the ROA), so the holder scrolls.
    yield VerticalScroll(id="proof-holder")
