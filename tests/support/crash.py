"""A wizard window that crashes: a real process that edits a draft, autosaves and dies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO_ROOT

CRASHING_WINDOW = """
import os, sys
from datetime import UTC, datetime
from pathlib import Path
from byoip.config import load_settings
from byoip.record import load_record
from byoip.session import WizardSession

path = Path(sys.argv[1])
settings = load_settings().with_overrides(drafts_dir=path.parent)
window = WizardSession(settings, lambda: datetime(2026, 8, 3, tzinfo=UTC), load_record(path), path)
window.set_field("region", "eu-north-1")
window.changed()
window.autosave()
os._exit(3)  # a crash: nothing saved, nothing cleaned up
"""


def crash_a_window(draft: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_WINDOW, str(draft)], env=env, timeout=60, check=False
    )
    assert result.returncode == 3
