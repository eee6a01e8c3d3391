"""Running Python in a fresh interpreter from the repository's folder (probes of what loads)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.paths import REPO_ROOT


def run_python(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` (``-c CODE``, ``-m MODULE ...``) with this interpreter, in the
    repository's folder, its output captured as text; the caller checks the exit code."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
