"""What one edit in the wizard changed (``WizardSession.set_field``'s answer).

Its own module: made at the first keystroke, not for the first frame (a dataclass is
built, at import, by compiling its methods).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldChange:
    """What one edit changed, so the screen redraws just that."""

    #: The fields whose check ran again (their rows need redrawing).
    rechecked: tuple[str, ...]
    #: The range changed: the old lookups are void (and new ones due when ``lookup_cidr``).
    range_changed: bool = False
    #: The valid range the lookups should now run for (None: none is valid).
    lookup_cidr: str | None = None
    #: The range whose routing check must run again: the Region moved to another
    #: partition, so Amazon's ASNs (what the ROA must authorize) are others.
    routing_cidr: str | None = None
