"""The Textual app of ses-byoip: the App, shared widgets and styles.

Rules and lookups live in ``byoip``; this package only shows their findings.
"""
