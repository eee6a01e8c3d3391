"""A copy of the project's package for benchmark children: no bytecode in it.

A child started in the checkout imports ``byoip`` from it, and reads any
``__pycache__`` a test run left there: "compiled from source" would then time
cached bytecode.  The copy follows the package's links (``byoip/tui`` ->
``../tui``, ...) and leaves every ``__pycache__`` out; a child gets it through
``PYTHONPATH`` and is started in another folder, so ``""`` on its path is not
the checkout either.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def project_copy(folder: Path) -> Path:
    """``folder/source`` holding a clean copy of ``byoip/`` (made once); the path to give
    as ``PYTHONPATH``."""
    source = folder / "source"
    if not (source / "byoip").exists():
        shutil.copytree(
            REPO_ROOT / "byoip", source / "byoip", ignore=shutil.ignore_patterns("__pycache__")
        )
    return source
