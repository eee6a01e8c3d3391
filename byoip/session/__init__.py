"""The wizard's model, headless: the request being prepared and its draft file.

``WizardSession`` (``byoip.session.model``) is to the wizard what
``byoip.review`` is to the drafts table; ``DraftFile`` (``byoip.session.draft_file``)
is the record it edits, where it is saved, and its autosave.  Only the session is
loaded with the package: the draft file, what an edit changed
(``byoip.session.change``) and the review's rows (``byoip.session.readiness``) are
loaded from their own modules when first needed, not for the wizard's first frame.
"""

from byoip.session.model import Progress, WizardSession

__all__ = ["Progress", "WizardSession"]
