"""The list of wizard steps: a symbol and a word for each step's state, never colour alone.

Drawn a line at a time: a key in a field changes one step's state, and only that
step's line is painted again (a whole-list repaint was a tenth of a key's cost).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from rich.style import Style
from rich.text import Text
from textual.events import Click
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual, visualize
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
        self._rows = {key: row for row, (key, _title) in enumerate(self.steps)}
        #: Painted lines by what decides them (text, style, width, the widget's own style):
        #: a step that flips between two states is drawn once for each.
        self._strips: dict[tuple[object, ...], Strip] = {}

    def set_state(self, step: str, state: StepState) -> None:
        if self.states.get(step) is not state:
            self.states[step] = state
            self._refresh_step(step)

    def set_current(self, step: str) -> None:
        if step != self.current:
            before, self.current = self.current, step
            self._refresh_step(before)
            self._refresh_step(step)

    def _refresh_step(self, step: str) -> None:
        """Paint one step's line again (same height: no layout)."""
        row = self._rows.get(step)
        if row is not None:
            self.refresh(Region(0, row, self.size.width, 1))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self.steps)

    def line_for(self, step: str) -> str:
        """The plain text of one step's line (tests and screen readers use it)."""
        title = dict(self.steps)[step]
        state = self.states[step]
        marker = "›" if step == self.current else " "
        return f"{marker}{state.symbol} {title:<9} {state.word}"

    def _style_for(self, step: str) -> Style:
        style = self.get_component_rich_style(_STATE_CLASS[self.states[step]])
        if step == self.current:
            style += self.get_component_rich_style("step--here")
        return style

    def render(self) -> Text:
        """The whole list as one text (what a selection of it copies)."""
        lines = [Text(self.line_for(key), style=self._style_for(key)) for key, _ in self.steps]
        return Text("\n").join(lines)

    def render_line(self, y: int) -> Strip:
        """One step's line, through the same pipeline as a whole-widget render."""
        width = self.size.width
        if self.text_selection is not None or not 0 <= y < len(self.steps):
            return super().render_line(y)  # a mouse selection spans lines: draw them all
        step = self.steps[y][0]
        text, style = self.line_for(step), self._style_for(step)
        visual_style = self.visual_style
        key = (text, style, width, visual_style)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 64:  # a theme or size changed many times
                self._strips.clear()
            visual = visualize(self, Text(text, style=style))
            strip = Visual.to_strips(self, visual, width, 1, visual_style)[0]
            self._strips[key] = strip
        return strip

    def on_click(self, event: Click) -> None:
        row = event.y
        if 0 <= row < len(self.steps):
            self.post_message(self.Selected(self.steps[row][0]))
