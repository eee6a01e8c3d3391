"""The layers hold: import-linter's contracts (pyproject.toml) are kept.

What each part loads at run time is tests/core/test_import_hygiene.py.
"""

from __future__ import annotations

import subprocess
import sys

from tests.support.paths import REPO_ROOT

LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
)


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout
