"""The list of wizard steps: a symbol and a word for each step's state, never colour alone."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from rich.text import Text
from textual.events import Click
from textual.message import Message
from textual.widget import Widget


class StepState(Enum):
    """A step's state: (symbol, word, style class)."""

    TODO = ("○", "to do")
    CURRENT = ("▶", "here")
    DONE = ("✔", "ok")
    WARNING = ("!", "check")
    ERROR = ("✖", "fix")

    @property
    def symbol(self) -> str:
        return self.value[0]

    @property
    def word(self) -> str:
        return self.value[1]


#: Component class per state, styled from the active theme's variables.
_STATE_CLASS: dict[StepState, str] = {
    StepState.TODO: "step--todo",
    StepState.CURRENT: "step--current",
    StepState.DONE: "step--done",
    StepState.WARNING: "step--warning",
    StepState.ERROR: "step--error",
}


class StepList(Widget):
    """Where the person is, and what each step's state is; a click jumps to a step."""

    COMPONENT_CLASSES = {*_STATE_CLASS.values(), "step--here"}

    DEFAULT_CSS = """
    StepList { height: auto; width: 100%; padding: 0 1; }
    StepList > .step--todo { color: $text-muted; }
    StepList > .step--current { color: $text-accent; }
    StepList > .step--done { color: $text-success; }
    StepList > .step--warning { color: $text-warning; }
    StepList > .step--error { color: $text-error; }
    StepList > .step--here { text-style: bold reverse; }
    """

    class Selected(Message):
        """The person clicked a step."""

        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    def __init__(self, steps: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps = list(steps)
        self.states: dict[str, StepState] = {key: StepState.TODO for key, _ in steps}
        self.current = self.steps[0][0]

    def set_state(self, step: str, state: StepState) -> None:
        if self.states.get(step) is not state:
            self.states[step] = state
            self.refresh()  # same height: no layout needed

    def set_current(self, step: str) -> None:
        self.current = step
        self.refresh()

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self.steps)

    def line_for(self, step: str) -> str:
        """The plain text of one step's line (tests and screen readers use it)."""
        title = dict(self.steps)[step]
        state = self.states[step]
        marker = "›" if step == self.current else " "
        return f"{marker}{state.symbol} {title:<9} {state.word}"

    def render(self) -> Text:
        lines = []
        for key, _title in self.steps:
            style = self.get_component_rich_style(_STATE_CLASS[self.states[key]])
            if key == self.current:
                style += self.get_component_rich_style("step--here")
            lines.append(Text(self.line_for(key), style=style))
        return Text("\n").join(lines)

    def on_click(self, event: Click) -> None:
        row = event.y
        if 0 <= row < len(self.steps):
            self.post_message(self.Selected(self.steps[row][0]))
