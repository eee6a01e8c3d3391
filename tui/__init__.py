"""The Textual app of ses-byoip: the App, shared widgets and styles.

Rules and lookups live in ``byoip``; this package only shows their findings.
"""

if __name__ != "byoip.tui":
    # Installed as part of the ``byoip`` package (pyproject.toml; a source checkout links it as
    # byoip/tui): importing the folder by its own name would load a second copy of every module.
    raise ImportError("import byoip.tui, not tui: the UI is part of the byoip package")


from pathlib import Path

#: The dialogs' and review/export's styles: the screens that use them name it in their
#: ``CSS_PATH``, so it is read when one is first shown, not at start-up.
DIALOGS_CSS = str(Path(__file__).with_name("dialogs.tcss"))
