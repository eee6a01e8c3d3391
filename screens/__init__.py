"""One module per screen: wizard steps, export, drafts, demo."""
