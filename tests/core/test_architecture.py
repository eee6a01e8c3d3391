"""The layers hold: import-linter's contracts (pyproject.toml) are kept.

What each part loads at run time is tests/core/test_import_hygiene.py.
"""

from __future__ import annotations

from tests.support.python_run import run_python

LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
)


def test_import_linter_contracts_hold() -> None:
    result = run_python("-c", LINT_IMPORTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout
