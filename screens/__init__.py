"""One module per screen: wizard steps, export, drafts, demo."""

if __name__ != "byoip.screens":
    # Installed as part of the ``byoip`` package (pyproject.toml; a source checkout links it as
    # byoip/screens): importing the folder by its own name would load a second copy of every module.
    raise ImportError("import byoip.screens, not screens: the UI is part of the byoip package")
