"""What the wizard's first frame loads: what it draws, not what comes after (issue 15).

The app is started headless in a fresh interpreter, as ``ses-byoip`` starts it (no
config file, no variable: built-in defaults), and the modules loaded when the compositor first
paints the account field are listed.  The field rules (a new request's empty fields
show none), the draft file and its autosave, the review, the records, the lookups and
the other screens load after that frame, when used.
"""

from __future__ import annotations

import os

from tests.support.python_run import run_python

FIRST_FRAME = """
import os, sys
from textual.screen import Screen

paint = Screen._compositor_refresh

def painted(screen):
    paint(screen)
    if screen.query("#account_id-input"):
        print("\\n".join(sorted(sys.modules)), flush=True)
        os._exit(0)

Screen._compositor_refresh = painted
from byoip.config import load_settings
from byoip.tui.app import ByoipApp

ByoipApp(load_settings()).run(headless=True)
"""

#: Loaded after the first frame, when first used.
NOT_IN_THE_FIRST_FRAME = (
    "byoip.autosave",
    "byoip.session.draft_file",
    "byoip.session.change",
    "byoip.session.readiness",
    "byoip.config.sources",
    "byoip.fields",
    "byoip.regions",
    "byoip.registries",
    "byoip.record",
    "byoip.store",
    "byoip.requirements",
    "byoip.screens.wizard_views",
    "byoip.screens.wizard_resume",
    "byoip.screens.drafts",
    "byoip.screens.demo",
    "byoip.screens.export",
    "textual.widgets._footer",
)


def test_the_first_frame_loads_only_what_it_draws() -> None:
    # A person's usual start: no config file (the hermetic fixture's XDG folders are
    # empty) and none of the SES_BYOIP_ variables that fixture sets for other tests.
    env = {name: value for name, value in os.environ.items() if not name.startswith("SES_BYOIP_")}
    result = run_python("-c", FIRST_FRAME, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "byoip.screens.wizard" in loaded  # the probe saw the frame
    assert sorted(loaded.intersection(NOT_IN_THE_FIRST_FRAME)) == []
