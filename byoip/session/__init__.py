"""The wizard's model, headless: the request being prepared and its draft file.

``WizardSession`` (``byoip.session.model``) is to the wizard what
``byoip.review`` is to the drafts table; ``DraftFile`` (``byoip.session.draft_file``)
is the record it edits, where it is saved, and its autosave.
"""

from byoip.session.draft_file import AutosaveOutcome, DraftFile, SaveOutcome
from byoip.session.model import FieldChange, Progress, ReviewRow, WizardSession

__all__ = [
    "AutosaveOutcome",
    "DraftFile",
    "FieldChange",
    "Progress",
    "ReviewRow",
    "SaveOutcome",
    "WizardSession",
]
