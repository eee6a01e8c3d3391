"""Running Python in a fresh interpreter from the repository's folder (probes of what loads)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping

from tests.support.paths import REPO_ROOT


def run_python(
    *args: str, timeout: float = 120, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` (``-c CODE``, ``-m MODULE ...``) with this interpreter, in the
    repository's folder (``env``: its whole environment, else this one's), its output
    captured as text; the caller checks the exit code."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
