"""Shared widgets of the app: field rows, the step list and the panels beside the form."""

from byoip.tui.widgets.field_row import FieldRow
from byoip.tui.widgets.step_list import StepList, StepState

__all__ = ["FieldRow", "StepList", "StepState"]
