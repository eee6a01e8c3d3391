"""The Textual app of ses-byoip: the App, shared widgets and styles.

Rules and lookups live in ``byoip``; this package only shows their findings.
"""

from pathlib import Path

#: The dialogs' and review/export's styles: the screens that use them name it in their
#: ``CSS_PATH``, so it is read when one is first shown, not at start-up.
DIALOGS_CSS = str(Path(__file__).with_name("dialogs.tcss"))
