"""ses-byoip's headless core: rules, lookups, records and the command line.

Nothing in this package imports Textual; the UI in ``tui/`` and ``screens/``
only shows what is computed here (enforced by tests/test_architecture.py).
"""

__version__ = "0.1.0"
